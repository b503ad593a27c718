/**
 * The frame file formats the online commands know, by name: node/frames' bin, and the optical ones
 * (png, and video through ffmpeg). Add a format here (or register it) to offer it.
 */
import { pngFrameFormat, videoFrameFormat } from '../optical/frame-formats.ts';
import { binFormat, FrameFileError } from '../../node/frames/index.ts';
import type { FrameFormat } from '../../node/frames/index.ts';

const formats = new Map<string, FrameFormat>([binFormat, pngFrameFormat, videoFrameFormat].map((f) => [f.name, f]));

export function registerFrameFormat(format: FrameFormat): void {
  formats.set(format.name, format);
}

export function frameFormatNames(): string[] {
  return [...formats.keys()];
}

export function frameFormat(name: string): FrameFormat {
  const found = formats.get(name);
  if (found === undefined) throw new FrameFileError('UNKNOWN_FORMAT', `unknown frame format "${name}"; known: ${frameFormatNames().join(', ')}`);
  return found;
}
