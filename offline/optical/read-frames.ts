/**
 * Request frames as files, read with hostile input in mind: a directory of PNG pictures (name
 * order; each file's size and picture's pixel count bounded before they are read; at most
 * MAX_PICTURES of them), or a y4m video (one frame in memory at a time). No ffmpeg here: the
 * offline laptop may not have it, so other video containers are refused.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { compareFileNames } from '../../node/frames/index.ts';
import { createScanner } from '../../node/wasm.ts';
import { decodePng, openY4mStream, OpticalError, scanStills, scanStream, STILL_SCANNER } from '../../protocol/optical/index.ts';
import type { ImageItem, PayloadItem, StreamScanSummary } from '../../protocol/optical/index.ts';

export const MAX_PICTURE_BYTES = 64 * 1024 * 1024;
export const MAX_PICTURES = 100_000;

async function* readPictures(dir: string): AsyncGenerator<ImageItem> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.png'));
  } catch (cause) {
    throw new OpticalError('READ_FAILED', `cannot read the directory ${dir}`, { cause });
  }
  if (names.length > MAX_PICTURES) throw new OpticalError('IMAGE_TOO_LARGE', `${dir} holds ${names.length} pictures, more than ${MAX_PICTURES}`);
  for (const name of names.sort(compareFileNames)) {
    const path = join(dir, name);
    const info = await lstat(path);
    if (!info.isFile()) yield { label: name, problem: 'not a regular file' };
    else if (info.size > MAX_PICTURE_BYTES) yield { label: name, problem: `${info.size} bytes, more than ${MAX_PICTURE_BYTES}` };
    else {
      try {
        yield { label: name, image: decodePng(new Uint8Array(await readFile(path))) };
      } catch (e) {
        if (!(e instanceof OpticalError)) throw e;
        yield { label: name, problem: `${e.code}: ${e.message}` };
      }
    }
  }
}

/** Payloads of the PNG pictures in `dir`, in name order; a picture without a code is a problem item. */
export async function* scanPictureDir(dir: string): AsyncGenerator<PayloadItem> {
  yield* scanStills(readPictures(dir), await createScanner(STILL_SCANNER));
}

/** Payloads of a y4m video, each run of identical ones once. */
export async function* scanY4mFile(path: string, summary?: StreamScanSummary): AsyncGenerator<PayloadItem> {
  if (!path.toLowerCase().endsWith('.y4m')) throw new OpticalError('UNSUPPORTED', `${path}: the signer reads y4m videos only (convert with ffmpeg -i IN -pix_fmt gray OUT.y4m)`);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    await once(stream, 'open');
  } catch (cause) {
    throw new OpticalError('READ_FAILED', `cannot read ${path}`, { cause });
  }
  const { frames } = await openY4mStream(stream as AsyncIterable<Uint8Array>);
  yield* scanStream(frames, await createScanner(), (n) => `${path} frame ${n}`, summary);
}
