/**
 * Reads the signing request from wherever the operator points --in: a message file, a directory
 * of frame files, or a video. Anything that is not a well-formed request is a typed rejection.
 */
import { statSync } from 'node:fs';
import type { SigningRequest } from '../../protocol/messages/index.ts';
import { SignerError } from '../errors.ts';
import { readMessageFile } from './message-file.ts';

export interface ReadRequest {
  readonly request: SigningRequest;
  /** The request's digest (what the response quotes as requestDigest). */
  readonly digest: Uint8Array;
}

export function readRequest(path: string): ReadRequest {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (cause) {
    throw new SignerError('IO', `cannot read ${path}`, { cause });
  }
  if (isDir || path.endsWith('.y4m')) {
    throw new SignerError('USAGE', `reading requests from ${isDir ? 'frame directories' : 'video'} is not available in this build; give a message file`);
  }
  const { message, digest } = readMessageFile(path);
  if (message.kind !== 'request') throw new SignerError('NOT_A_REQUEST', `${path} holds a ${message.kind} message, not a signing request`);
  return { request: message, digest };
}
