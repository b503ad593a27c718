/**
 * Streams a request body into a file: bounded by a size cap (checked against Content-Length
 * before a byte is read, and while reading), paced (a minimum rate, the submitter's bytes an
 * hour), hashed on the way, flushed before it counts. Memory stays at the streams' buffers
 * whatever the size.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { measuringStream } from '../pipeline/submit.ts';
import type { IncomingFile } from '../pipeline/submit.ts';
import { syncFile } from '../../node/durable.ts';
import { PRIVATE_FILE } from '../store/index.ts';
import { ServerError } from './errors.ts';
import type { UploadSlot } from './limits.ts';

/** How an upload is paced: its bytes counted against the submitter's allowance, and a minimum rate. */
export interface UploadPace {
  readonly slot?: UploadSlot;
  readonly minBytesPerSecond: number;
  readonly windowSeconds: number;
}

/** The body length the request declares, if it declares one. */
export function declaredLength(req: IncomingMessage): number | undefined {
  return req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
}

/**
 * Counts the bytes through, and cuts the body off (TOO_SLOW) when a whole window brings fewer
 * than the minimum rate: a client on a slow link keeps going, one that trickles to hold the
 * connection does not.
 */
function pacing(pace: UploadPace | undefined): { stream: Transform; stop(): void } {
  let thisWindow = 0;
  const floor = pace === undefined ? 0 : pace.minBytesPerSecond * pace.windowSeconds;
  const timer = pace === undefined ? undefined : setInterval(() => {
    // The stream fails, not the request: the connection stays up for the 408 that says why.
    if (thisWindow < floor) stream.destroy(new ServerError('TOO_SLOW', `the body brought ${thisWindow} bytes in ${pace.windowSeconds} s; at least ${pace.minBytesPerSecond} bytes a second are needed`));
    thisWindow = 0;
  }, pace.windowSeconds * 1000);
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      thisWindow += chunk.length;
      try {
        pace?.slot?.count(chunk.length);
      } catch (error) {
        done(error as Error);
        return;
      }
      done(null, chunk);
    },
  });
  return { stream, stop: () => clearInterval(timer) };
}

/**
 * The request's body piped through the pace check; a client gone midway fails the stream. `stop`
 * ends the pace timer and lets go of the request, `unpipe` detaches it so a refusal can still reply.
 */
function pacedBody(req: IncomingMessage, pace?: UploadPace): { stream: Transform; stop: () => void; unpipe: () => void } {
  const paced = pacing(pace);
  const gone = () => {
    if (!req.complete) paced.stream.destroy(new Error('the client closed the connection'));
  };
  req.once('aborted', gone).once('error', gone).once('close', gone);
  req.pipe(paced.stream);
  return {
    stream: paced.stream,
    stop: () => {
      paced.stop();
      req.off('aborted', gone).off('error', gone).off('close', gone);
    },
    unpipe: () => req.unpipe(paced.stream),
  };
}

export async function receiveBody(req: IncomingMessage, path: string, maxBytes: number, pace?: UploadPace): Promise<IncomingFile> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > maxBytes) throw new ServerError('TOO_LARGE', `the upload is ${declared} bytes; the limit is ${maxBytes}`);
  const measure = measuringStream(maxBytes, () => new ServerError('TOO_LARGE', `the upload is over the limit of ${maxBytes} bytes`));
  const paced = pacedBody(req, pace);
  // Piped rather than put in the pipeline, so a refusal midway (too large, too slow, over the
  // hour's bytes) leaves the connection up to carry the typed reply; a client gone fails it.
  try {
    await pipeline(paced.stream, measure.stream, createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE, highWaterMark: 256 * 1024 }));
    await syncFile(path);
  } catch (error) {
    paced.unpipe();
    await rm(path, { force: true });
    if (error instanceof ServerError) throw error;
    throw new ServerError('TRUNCATED', `the upload was cut off: ${(error as Error).message}`, { cause: error });
  } finally {
    paced.stop();
  }
  const result = measure.result();
  if (declared !== undefined && result.size !== declared) {
    await rm(path, { force: true });
    throw new ServerError('TRUNCATED', `the upload ended after ${result.size} of ${declared} bytes`);
  }
  return { path, ...result };
}

/** Reads a small body into memory (a response message file), bounded. */
export async function readSmallBody(req: IncomingMessage, maxBytes: number, pace?: UploadPace): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new ServerError('TOO_LARGE', `the body is ${declared} bytes; the limit is ${maxBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  // The same minimum rate as an upload, so a trickled body cannot hold the connection either.
  const paced = pacedBody(req, pace);
  try {
    for await (const chunk of paced.stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new ServerError('TOO_LARGE', `the body is over the limit of ${maxBytes} bytes`);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    paced.unpipe();
    if (error instanceof ServerError) throw error;
    throw new ServerError('TRUNCATED', `the body was cut off: ${(error as Error).message}`, { cause: error });
  } finally {
    paced.stop();
  }
  return new Uint8Array(Buffer.concat(chunks));
}
