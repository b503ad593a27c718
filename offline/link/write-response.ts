/**
 * Writes the signer's answer (a response, an error message, a certificate) wherever --out points:
 * a directory (frame files, the camera's way back) or a message file.
 */
import { statSync } from 'node:fs';
import { DEFAULT_DENSITY } from '../../protocol/frames/index.ts';
import type { DensityName } from '../../protocol/frames/index.ts';
import { messageToTransfer } from '../../protocol/messages/index.ts';
import type { Message } from '../../protocol/messages/index.ts';
import { SignerError } from '../errors.ts';
import { encodeFrames } from './encode-frames.ts';
import { writeBinFrames } from './frame-files.ts';
import { writeMessageFile } from './message-file.ts';

export interface AnswerOptions {
  /** QR density of the frames (frame directory output). */
  readonly density?: DensityName;
  /** Frames to write; enough to decode with a margin for loss when absent. */
  readonly frameCount?: number;
}

function isDirectoryTarget(path: string): boolean {
  if (path.endsWith('/')) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function writeAnswer(path: string, message: Message, options: AnswerOptions = {}): Promise<string> {
  if (path.toLowerCase().endsWith('.y4m')) throw new SignerError('USAGE', 'writing video is not available in this build; give a directory or a message file');
  if (!isDirectoryTarget(path)) {
    writeMessageFile(path, message);
    return path;
  }
  const { frames } = encodeFrames(messageToTransfer(message), options.density ?? DEFAULT_DENSITY, options.frameCount);
  return writeBinFrames(path.replace(/\/+$/, '') || '/', frames, frames.length);
}
