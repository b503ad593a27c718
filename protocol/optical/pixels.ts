/**
 * Camera frames as they arrive (grey planes, RGBA or BGRA, possibly with row padding), and
 * the one copy the scanner makes of them: a rectangle, converted to grey and box-downscaled,
 * written straight into the decoder's buffer.
 */
import { OpticalError } from './errors.ts';
import { assertImageSize } from './image.ts';
import type { GreyImage, RgbaImage } from './image.ts';

export type PixelFormat = 'grey' | 'rgba' | 'bgra';

export interface FramePixels {
  readonly width: number;
  readonly height: number;
  readonly format: PixelFormat;
  /** Bytes from one row to the next (default: width times bytes per pixel). */
  readonly stride?: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function bytesPerPixel(format: PixelFormat): number {
  return format === 'grey' ? 1 : 4;
}

/** Checks a frame's declared geometry against its buffer (frames may come from a page). */
export function assertFrame(frame: FramePixels): void {
  assertImageSize(frame.width, frame.height, 'camera frame');
  const bpp = bytesPerPixel(frame.format);
  const stride = frame.stride ?? frame.width * bpp;
  if (!Number.isInteger(stride) || stride < frame.width * bpp) throw new OpticalError('BAD_ARGUMENT', `row stride ${stride} is shorter than a row`);
  if (frame.data.length < stride * (frame.height - 1) + frame.width * bpp) {
    throw new OpticalError('BAD_ARGUMENT', `frame buffer of ${frame.data.length} bytes is too small for ${frame.width}x${frame.height} ${frame.format}`);
  }
}

/** Wraps a grey or RGBA image (told apart by buffer size) as frame pixels. */
export function asFramePixels(image: GreyImage | RgbaImage | FramePixels): FramePixels {
  if ('format' in image) return image;
  const rgba = image.data.length >= image.width * image.height * 4;
  return { width: image.width, height: image.height, format: rgba ? 'rgba' : 'grey', data: image.data };
}

/**
 * Writes `rect` of the frame into `out` as grey, averaging factor x factor blocks (a fractional
 * factor takes the nearest pixel). Returns the size written: floor(rect / factor) on each side.
 */
export function copyGreyRegion(frame: FramePixels, rect: Rect, factor: number, out: Uint8Array): { width: number; height: number } {
  const w = Math.floor(rect.width / factor);
  const h = Math.floor(rect.height / factor);
  if (out.length < w * h) throw new OpticalError('BAD_ARGUMENT', 'output buffer too small for the region');
  const bpp = bytesPerPixel(frame.format);
  const stride = frame.stride ?? frame.width * bpp;
  const d = frame.data;
  // Channel offsets of red and blue; green is always at +1.
  const [r, b] = frame.format === 'bgra' ? [2, 0] : [0, 2];
  if (bpp === 1 && factor === 1) {
    for (let y = 0; y < h; y++) {
      const at = (rect.y + y) * stride + rect.x;
      out.set(d.subarray(at, at + w), y * w);
    }
    return { width: w, height: h };
  }
  if (bpp === 1 && factor === 2) {
    for (let y = 0, o = 0; y < h; y++) {
      let i = (rect.y + 2 * y) * stride + rect.x;
      for (let x = 0; x < w; x++, i += 2) out[o++] = (d[i]! + d[i + 1]! + d[i + stride]! + d[i + stride + 1]! + 2) >> 2;
    }
    return { width: w, height: h };
  }
  if (factor === 1) {
    for (let y = 0, o = 0; y < h; y++) {
      let i = (rect.y + y) * stride + rect.x * 4;
      for (let x = 0; x < w; x++, i += 4) out[o++] = (d[i + r]! * 77 + d[i + 1]! * 150 + d[i + b]! * 29 + 128) >> 8;
    }
    return { width: w, height: h };
  }
  if (!Number.isInteger(factor)) return resampleGrey(frame, rect, factor, out, w, h);
  const area = factor * factor;
  let o = 0;
  for (let y = 0; y < h; y++) {
    const top = (rect.y + y * factor) * stride + rect.x * bpp;
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = top + dy * stride + x * factor * bpp;
        for (let dx = 0; dx < factor; dx++, i += bpp) {
          sum += bpp === 1 ? d[i]! : (d[i + r]! * 77 + d[i + 1]! * 150 + d[i + b]! * 29) >> 8;
        }
      }
      out[o++] = factor === 1 ? sum : (sum + (area >> 1)) / area;
    }
  }
  return { width: w, height: h };
}

/**
 * Downscale by a fractional factor (1.25, 1.5, ...) by taking the nearest pixel: the decoder's
 * time goes with its pixel count, and a symbol with 5 camera pixels a module reads as well at
 * 3.3. Camera images are soft enough that point sampling does not alias, and it costs one read
 * an output pixel where filtering would cost four (measured: filtering cost more than it saved).
 */
function resampleGrey(frame: FramePixels, rect: Rect, factor: number, out: Uint8Array, w: number, h: number): { width: number; height: number } {
  const bpp = bytesPerPixel(frame.format);
  const stride = frame.stride ?? frame.width * bpp;
  // One concrete array type, so the loops below stay monomorphic.
  const d = new Uint8Array(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
  const col = new Int32Array(w);
  for (let x = 0; x < w; x++) col[x] = (rect.x + Math.floor((x + 0.5) * factor)) * bpp;
  const [r, b] = frame.format === 'bgra' ? [2, 0] : [0, 2];
  for (let y = 0, o = 0; y < h; y++) {
    const row = (rect.y + Math.floor((y + 0.5) * factor)) * stride;
    if (bpp === 1) {
      for (let x = 0; x < w; x++) out[o++] = d[row + col[x]!]!;
    } else {
      for (let x = 0; x < w; x++) {
        const i = row + col[x]!;
        out[o++] = (d[i + r]! * 77 + d[i + 1]! * 150 + d[i + b]! * 29 + 128) >> 8;
      }
    }
  }
  return { width: w, height: h };
}
