/**
 * Reads the signing request from wherever the operator points --in: a message file, or a
 * directory of frame files. Anything that is not a well-formed request is a typed rejection.
 */
import { statSync } from 'node:fs';
import type { SigningRequest } from '../../protocol/messages/index.ts';
import { SignerError } from '../errors.ts';
import { decodeFrames } from './decode-frames.ts';
import { readBinFrames } from './frame-files.ts';
import { readMessageFile, readTransfer } from './message-file.ts';
import type { ReadMessage } from './message-file.ts';

export interface ReadRequest {
  readonly request: SigningRequest;
  /** The request's digest (what the response quotes as requestDigest). */
  readonly digest: Uint8Array;
}

async function readMessage(path: string): Promise<ReadMessage> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (cause) {
    throw new SignerError('IO', `cannot read ${path}`, { cause });
  }
  if (path.toLowerCase().endsWith('.y4m')) throw new SignerError('USAGE', 'reading requests from video is not available in this build; give frame files or a message file');
  if (!isDir) return readMessageFile(path);
  const { transfer } = await decodeFrames(readBinFrames(path), path);
  return readTransfer(transfer, path);
}

export async function readRequest(path: string): Promise<ReadRequest> {
  const { message, digest } = await readMessage(path);
  if (message.kind !== 'request') throw new SignerError('NOT_A_REQUEST', `${path} holds a ${message.kind} message, not a signing request`);
  return { request: message, digest };
}
