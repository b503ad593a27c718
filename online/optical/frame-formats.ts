/**
 * The optical frame formats of `airsign frames encode/decode`: frames as QR pictures (png, the
 * default) and as video (y4m, or mp4/webm/mkv/mov through ffmpeg).
 */
import { DEFAULT_DISPLAY_FPS, symbolOf } from '../../protocol/optical/index.ts';
import { pngFormat } from '../../node/frames/index.ts';
import type { FrameFormat, FrameSinkOptions } from '../../node/frames/index.ts';
import { scanVideo } from './scan-source.ts';
import { openVideoSink } from './video-sink.ts';

/** Display rate of a video when none is given (protocol/optical/display-rate.ts says why). */
export { DEFAULT_DISPLAY_FPS };

export const VIDEO_EXTENSIONS = ['y4m', 'mp4', 'mkv', 'mov', 'webm'] as const;

export function isVideoPath(path: string): boolean {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  return (VIDEO_EXTENSIONS as readonly string[]).includes(ext) && path.includes('.');
}

/** QR pictures: node/frames' format, which the signer reads and writes too. */
export const pngFrameFormat: FrameFormat = pngFormat;

export const videoFrameFormat: FrameFormat = {
  name: 'video',
  summary: `a video of the QR frames, one frame each (${VIDEO_EXTENSIONS.map((e) => `.${e}`).join(', ')}; y4m without ffmpeg)`,
  openSink: (out, options: FrameSinkOptions) => openVideoSink(out, { symbol: symbolOf(options.density), fps: options.fps ?? DEFAULT_DISPLAY_FPS, codes: options.codes ?? 1 }),
  readFrames: (input) => scanVideo(input),
};
