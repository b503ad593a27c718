/**
 * Writes the signer's answer (a response, an error message, a certificate) wherever --out points:
 * a directory (frame files), a y4m video of the QR frames (what the screen shows the online side's
 * camera), or a message file.
 */
import { statSync } from 'node:fs';
import { DEFAULT_DENSITY, densityByName } from '../../protocol/frames/index.ts';
import type { DensityName } from '../../protocol/frames/index.ts';
import { messageToTransfer } from '../../protocol/messages/index.ts';
import type { Message } from '../../protocol/messages/index.ts';
import { symbolOf } from '../../protocol/optical/index.ts';
import { openY4mFrames } from '../optical/index.ts';
import { encodeFrames } from './encode-frames.ts';
import { writeBinFrames } from './frame-files.ts';
import { writeMessageFile } from './message-file.ts';

export interface AnswerOptions {
  /** QR density of the frames (frame directory output). */
  readonly density?: DensityName;
  /** Frames to write; enough to decode with a margin for loss when absent. */
  readonly frameCount?: number;
  /** Frames per second of a y4m video (video output). */
  readonly fps?: number;
}

/** The rate the online side shows its frames at too (docs/optical-link.md). */
export const DEFAULT_ANSWER_FPS = 10;

function isDirectoryTarget(path: string): boolean {
  if (path.endsWith('/')) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function writeAnswer(path: string, message: Message, options: AnswerOptions = {}): Promise<string> {
  const density = options.density ?? DEFAULT_DENSITY;
  if (path.toLowerCase().endsWith('.y4m')) {
    const { frames } = encodeFrames(messageToTransfer(message), density, options.frameCount);
    const video = await openY4mFrames(path, symbolOf(densityByName(density)), options.fps ?? DEFAULT_ANSWER_FPS);
    for (const frame of frames) await video.write(frame);
    return video.close();
  }
  if (!isDirectoryTarget(path)) {
    writeMessageFile(path, message);
    return path;
  }
  const { frames } = encodeFrames(messageToTransfer(message), density, options.frameCount);
  return writeBinFrames(path.replace(/\/+$/, '') || '/', frames, frames.length);
}
