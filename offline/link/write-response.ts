/**
 * Writes the signer's answer (a response, an error message, a certificate) wherever --out points:
 * a y4m video or a directory of frames (QR pictures, or binary frame files) for the camera's way
 * back, or a message file.
 */
import { statSync } from 'node:fs';
import { FRAME_FILE_FORMATS, isFrameFileError } from '../../node/frames/index.ts';
import type { FrameFormat, FrameSink, FrameSinkOptions } from '../../node/frames/index.ts';
import { DEFAULT_DENSITY, densityByName } from '../../protocol/frames/index.ts';
import type { DensityName } from '../../protocol/frames/index.ts';
import { messageToTransfer } from '../../protocol/messages/index.ts';
import type { Message } from '../../protocol/messages/index.ts';
import { DEFAULT_CODES_PER_FRAME, DEFAULT_DISPLAY_FPS } from '../../protocol/optical/index.ts';
import { SignerError } from '../errors.ts';
import { encodeFrames } from './encode-frames.ts';
import { writeMessageFile } from './message-file.ts';

export type FrameFileFormat = 'png' | 'bin';

export interface AnswerOptions {
  /** QR density of the frames (frame output). */
  readonly density?: DensityName;
  /** Frames to write; enough to decode with a margin for loss when absent. */
  readonly frameCount?: number;
  /** Frame files in a directory: QR pictures (default) or binary frames. */
  readonly frameFormat?: FrameFileFormat;
  /** Frames per second of a video. */
  readonly fps?: number;
  /** QR codes in each picture or video frame (1, 2 or 4; default DEFAULT_CODES_PER_FRAME); binary frame files ignore it. */
  readonly codes?: number;
}

function isDirectoryTarget(path: string): boolean {
  if (path.endsWith('/')) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A format's sink; frame-file errors (a directory already holding frames) are the operator's IO. */
async function openFrames(format: FrameFormat, out: string, options: FrameSinkOptions): Promise<FrameSink> {
  try {
    return await format.openSink(out, options);
  } catch (error) {
    if (isFrameFileError(error)) throw new SignerError('IO', error.message, { cause: error });
    throw error;
  }
}

export async function writeAnswer(path: string, message: Message, options: AnswerOptions = {}): Promise<string> {
  const video = path.toLowerCase().endsWith('.y4m');
  if (!video && !isDirectoryTarget(path)) {
    writeMessageFile(path, message);
    return path;
  }
  const density = densityByName(options.density ?? DEFAULT_DENSITY);
  const bin = !video && options.frameFormat === 'bin';
  const codes = bin ? 1 : (options.codes ?? DEFAULT_CODES_PER_FRAME);
  const { frames } = encodeFrames(messageToTransfer(message), density.name, options.frameCount, codes);
  const format = FRAME_FILE_FORMATS[video ? 'y4m' : (options.frameFormat ?? 'png')];
  const out = video ? path : path.replace(/\/+$/, '') || '/';
  const sink = await openFrames(format, out, { density, count: frames.length, fps: options.fps ?? DEFAULT_DISPLAY_FPS, codes });
  for (const frame of frames) await sink.write(frame);
  return sink.close();
}
