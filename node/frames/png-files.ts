/**
 * Frames as a directory of PNG pictures of their QR codes, both ways, for both programs: written
 * as numbered files (frame-000001.png, ...) through the durable writer, never over earlier ones;
 * read back in name order (numbers compared as numbers) with hostile input in mind: at most
 * MAX_PICTURES names, each file's size bounded before it is read, and each picture decoded by the
 * pure PNG decoder with its pixel cap.
 */
import { lstat, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codeGrid, decodePng, encodePng, FIT_720, OpticalError, pictureBatcher } from '../../protocol/optical/index.ts';
import type { FrameLayout, GreyImage, ImageItem, QrSymbolSpec } from '../../protocol/optical/index.ts';
import { syncDir, writeFileDurable } from '../durable.ts';
import { compareFileNames, frameFileName } from './file-names.ts';

/** No frame picture is anywhere near this; a larger file is refused unread. */
export const MAX_PICTURE_BYTES = 64 * 1024 * 1024;
/** No transfer needs anywhere near this many pictures; a directory holding more is refused unread. */
export const MAX_PICTURES = 100_000;

export interface PayloadSink {
  write(payload: Uint8Array): Promise<void>;
  /** Returns where the frames went. */
  close(): Promise<string>;
}

export interface PngSinkOptions {
  readonly symbol: QrSymbolSpec;
  /** How many frames will be written: file numbers are padded to its width. */
  readonly count: number;
  readonly layout?: FrameLayout;
  /** Frames a picture (1, 2 or 4; default 1): the last picture may hold fewer. */
  readonly codes?: number;
}

export async function openPngSink(dir: string, options: PngSinkOptions): Promise<PayloadSink> {
  const codes = options.codes ?? 1;
  const layout = options.layout ?? FIT_720;
  codeGrid(codes, layout);
  await mkdir(dir, { recursive: true });
  const earlier = (await readdir(dir)).filter((n) => n.startsWith('frame-') && n.endsWith('.png'));
  if (earlier.length > 0) throw new OpticalError('OUTPUT_EXISTS', `${dir} already holds ${earlier.length} frame picture(s); frames of two transfers must not mix`);
  const pictures = pictureBatcher(options.symbol, layout, codes);
  const files = Math.ceil(options.count / codes);
  let index = 0;
  // Each file is flushed before it is renamed into place; the directory once, at close.
  const put = async (picture: GreyImage | undefined) => {
    if (picture !== undefined) await writeFileDurable(join(dir, frameFileName(index++, files, 'png')), encodePng(picture), { mode: 0o644, exclusive: true, syncDir: false });
  };
  return {
    write: (payload) => put(pictures.add(payload)),
    async close() {
      await put(pictures.finish());
      await syncDir(dir);
      return dir;
    },
  };
}

/** The names of the pictures in `dir` (ending in `extension`, any case), in name order. */
export async function listPictures(dir: string, extension = '.png'): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith(extension));
  } catch (cause) {
    throw new OpticalError('READ_FAILED', `cannot read the directory ${dir}`, { cause });
  }
  if (names.length > MAX_PICTURES) throw new OpticalError('IMAGE_TOO_LARGE', `${dir} holds ${names.length} pictures, more than ${MAX_PICTURES}`);
  return names.sort(compareFileNames);
}

export async function* readPictures(dir: string): AsyncGenerator<ImageItem> {
  for (const name of await listPictures(dir)) {
    const path = join(dir, name);
    const info = await lstat(path);
    if (!info.isFile()) {
      yield { label: name, problem: 'not a regular file' };
    } else if (info.size > MAX_PICTURE_BYTES) {
      yield { label: name, problem: `${info.size} bytes, larger than any frame picture (${MAX_PICTURE_BYTES})` };
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
