/**
 * Reads the signing request from wherever the operator points --in: a message file, a directory of
 * frames (QR pictures as PNG, or binary frame files), or a y4m video of the screen. Anything that
 * is not a well-formed request is a typed rejection.
 */
import { statSync } from 'node:fs';
import type { SigningRequest } from '../../protocol/messages/index.ts';
import { SignerError } from '../errors.ts';
import { decodeFrames } from './decode-frames.ts';
import { linkFailure } from './link-error.ts';
import { readMessageFile, readTransfer } from './message-file.ts';
import type { ReadMessage } from './message-file.ts';
import { requestName } from '../vouch/request-name.ts';
import { isY4mPath, requestFrameItems } from './request-frames.ts';

export interface ReadRequest {
  readonly request: SigningRequest;
  /** The request's digest (what the response quotes as requestDigest): its approval digest when it carries attestations or approvals. */
  readonly digest: Uint8Array;
}

async function readMessage(path: string): Promise<ReadMessage> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (cause) {
    throw new SignerError('IO', `cannot read ${path}`, { cause });
  }
  if (!isDir && !isY4mPath(path)) return readMessageFile(path);
  let transfer: Uint8Array;
  try {
    ({ transfer } = await decodeFrames(requestFrameItems(path, isDir), path));
  } catch (error) {
    throw linkFailure(error, path);
  }
  return readTransfer(transfer, path);
}

export async function readRequest(path: string): Promise<ReadRequest> {
  const { message, digest } = await readMessage(path);
  if (message.kind !== 'request') throw new SignerError('NOT_A_REQUEST', `${path} holds a ${message.kind} message, not a signing request`);
  return { request: message, digest: requestName(message, digest) };
}
