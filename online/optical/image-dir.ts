/**
 * Frames as a directory of PNG images, in name order (numbers compared as numbers). Each file
 * is bounded in size before it is read, and decoded by the pure PNG decoder with its pixel cap.
 */
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compareFileNames } from '../../node/frames/index.ts';
import { decodePng, OpticalError } from '../../protocol/optical/index.ts';
import type { ImageItem } from '../../protocol/optical/index.ts';

/** No frame picture is anywhere near this; a larger file is refused unread. */
export const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;


export async function listImages(dir: string, extension = '.png'): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    throw new OpticalError('READ_FAILED', `cannot read the directory ${dir}`, { cause });
  }
  return names.filter((n) => n.toLowerCase().endsWith(extension)).sort(compareFileNames);
}

export async function* readImageDir(dir: string): AsyncGenerator<ImageItem> {
  for (const name of await listImages(dir)) {
    const path = join(dir, name);
    const info = await lstat(path);
    if (!info.isFile()) {
      yield { label: name, problem: 'not a regular file' };
    } else if (info.size > MAX_IMAGE_FILE_BYTES) {
      yield { label: name, problem: `${info.size} bytes, larger than any frame picture (${MAX_IMAGE_FILE_BYTES})` };
    } else {
      try {
        yield { label: name, image: decodePng(new Uint8Array(await readFile(path))) };
      } catch (e) {
        if (!(e instanceof OpticalError)) throw e;
        yield { label: name, problem: `${e.code}: ${e.message}` };
      }
    }
  }
}
