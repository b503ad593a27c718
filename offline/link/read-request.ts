/**
 * Reads the signing request from wherever the operator points --in: a message file, a directory of
 * frames (QR pictures as PNG, or binary frame files), or a y4m video of the screen. Anything that
 * is not a well-formed request is a typed rejection.
 */
import { readdirSync, statSync } from 'node:fs';
import type { SigningRequest } from '../../protocol/messages/index.ts';
import { isOpticalError } from '../../protocol/optical/index.ts';
import { SignerError } from '../errors.ts';
import { scanPictureDir, scanY4mFile } from '../optical/index.ts';
import { decodeFrames } from './decode-frames.ts';
import type { PayloadItem } from './decode-frames.ts';
import { readBinFrames } from './frame-files.ts';
import { readMessageFile, readTransfer } from './message-file.ts';
import type { ReadMessage } from './message-file.ts';

export interface ReadRequest {
  readonly request: SigningRequest;
  /** The request's digest (what the response quotes as requestDigest). */
  readonly digest: Uint8Array;
}

/** QR pictures if the directory holds any PNG, else binary frame files. */
function framesOf(dir: string): Iterable<PayloadItem> | AsyncIterable<PayloadItem> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (cause) {
    throw new SignerError('IO', `cannot read the directory ${dir}`, { cause });
  }
  return names.some((n) => n.toLowerCase().endsWith('.png')) ? scanPictureDir(dir) : readBinFrames(dir);
}

async function readMessage(path: string): Promise<ReadMessage> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (cause) {
    throw new SignerError('IO', `cannot read ${path}`, { cause });
  }
  const video = !isDir && path.toLowerCase().endsWith('.y4m');
  if (!isDir && !video) return readMessageFile(path);
  try {
    const { transfer } = await decodeFrames(video ? scanY4mFile(path) : framesOf(path), path);
    return readTransfer(transfer, path);
  } catch (error) {
    // A picture or video the optical layer cannot read at all (a bad header, too many pixels).
    if (isOpticalError(error)) throw new SignerError('BAD_REQUEST', `${error.code}: ${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

export async function readRequest(path: string): Promise<ReadRequest> {
  const { message, digest } = await readMessage(path);
  if (message.kind !== 'request') throw new SignerError('NOT_A_REQUEST', `${path} holds a ${message.kind} message, not a signing request`);
  return { request: message, digest };
}
