/**
 * Streams a request body into a file: bounded by a size cap (checked against Content-Length
 * before a byte is read, and while reading), hashed on the way, flushed before it counts. Memory
 * stays at the streams' buffers whatever the size.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { measuringStream } from '../pipeline/submit.ts';
import type { IncomingFile } from '../pipeline/submit.ts';
import { fsyncFile, PRIVATE_FILE } from '../store/index.ts';
import { ServerError } from './errors.ts';

export async function receiveBody(req: IncomingMessage, path: string, maxBytes: number): Promise<IncomingFile> {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (declared !== undefined && declared > maxBytes) throw new ServerError('TOO_LARGE', `the upload is ${declared} bytes; the limit is ${maxBytes}`);
  const measure = measuringStream(maxBytes, () => new ServerError('TOO_LARGE', `the upload is over the limit of ${maxBytes} bytes`));
  try {
    await pipeline(req, measure.stream, createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE, highWaterMark: 256 * 1024 }));
    await fsyncFile(path);
  } catch (error) {
    await rm(path, { force: true });
    if (error instanceof ServerError) throw error;
    throw new ServerError('TRUNCATED', `the upload was cut off: ${(error as Error).message}`, { cause: error });
  }
  const result = measure.result();
  if (declared !== undefined && result.size !== declared) {
    await rm(path, { force: true });
    throw new ServerError('TRUNCATED', `the upload ended after ${result.size} of ${declared} bytes`);
  }
  return { path, ...result };
}

/** Reads a small body into memory (a response message file), bounded. */
export async function readSmallBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new ServerError('TOO_LARGE', `the body is ${declared} bytes; the limit is ${maxBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new ServerError('TOO_LARGE', `the body is over the limit of ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
