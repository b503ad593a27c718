/**
 * Pixels out of a WebCodecs VideoFrame (what a camera track gives a worker), typed by shape so
 * this stays free of DOM-only declarations. Camera frames are usually I420 or NV12, whose first
 * plane is luma: exactly the grey image the decoder wants, with no colour conversion.
 */
import { OpticalError } from './errors.ts';
import type { FramePixels, PixelFormat } from './pixels.ts';

export interface PlaneLayoutLike {
  readonly offset: number;
  readonly stride: number;
}

export interface VideoFrameLike {
  readonly format: string | null;
  readonly codedWidth: number;
  readonly codedHeight: number;
  readonly visibleRect: { readonly x: number; readonly y: number; readonly width: number; readonly height: number } | null;
  allocationSize(options?: unknown): number;
  copyTo(destination: Uint8Array, options?: unknown): Promise<PlaneLayoutLike[]>;
  close(): void;
}

const LUMA_FIRST = new Set(['I420', 'I420A', 'I422', 'I444', 'NV12', 'I420P10', 'I420AP10']);
const PACKED: Record<string, PixelFormat> = { RGBA: 'rgba', RGBX: 'rgba', BGRA: 'bgra', BGRX: 'bgra' };

/** Copies the frame's pixels into `buffer` (grown when too small) and describes them. */
export async function videoFramePixels(frame: VideoFrameLike, buffer: Uint8Array): Promise<{ pixels: FramePixels; buffer: Uint8Array }> {
  const format = frame.format ?? '';
  const rect = frame.visibleRect ?? { x: 0, y: 0, width: frame.codedWidth, height: frame.codedHeight };
  const size = frame.allocationSize();
  const dest = buffer.length >= size ? buffer : new Uint8Array(size);
  const planes = await frame.copyTo(dest);
  const first = planes[0];
  if (first === undefined) throw new OpticalError('UNSUPPORTED', `video frame of format "${format}" has no planes`);
  const view = dest.subarray(first.offset);
  if (LUMA_FIRST.has(format) && !format.includes('P10')) {
    return { pixels: { width: rect.width, height: rect.height, format: 'grey', stride: first.stride, data: view }, buffer: dest };
  }
  const packed = PACKED[format];
  if (packed !== undefined) return { pixels: { width: rect.width, height: rect.height, format: packed, stride: first.stride, data: view }, buffer: dest };
  throw new OpticalError('UNSUPPORTED', `video frame format "${format}" is not supported`);
}
