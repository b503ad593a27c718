/** Writes frame payloads as numbered PNG pictures of their QR codes, `codes` frames a picture. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codeGrid, encodePng, pictureBatcher, frameFileName, OpticalError, FIT_720 } from '../../protocol/optical/index.ts';
import type { FrameLayout, GreyImage, QrSymbolSpec } from '../../protocol/optical/index.ts';

export interface PngSinkOptions {
  readonly symbol: QrSymbolSpec;
  /** How many frames will be written: file numbers are padded to its width. */
  readonly count: number;
  readonly layout?: FrameLayout;
  /** Frames a picture (1, 2 or 4; default 1): count must then be a multiple of it. */
  readonly codes?: number;
}

export interface PayloadSink {
  write(payload: Uint8Array): Promise<void>;
  /** Returns where the frames went. */
  close(): Promise<string>;
}

export async function openPngSink(dir: string, options: PngSinkOptions): Promise<PayloadSink> {
  await mkdir(dir, { recursive: true });
  const earlier = (await readdir(dir)).filter((n) => n.startsWith('frame-') && n.endsWith('.png'));
  if (earlier.length > 0) throw new OpticalError('OUTPUT_EXISTS', `${dir} already holds ${earlier.length} frame picture(s); frames of two transfers must not mix`);
  const codes = options.codes ?? 1;
  const layout = options.layout ?? FIT_720;
  codeGrid(codes, layout);
  const pictures = pictureBatcher(options.symbol, layout, codes);
  const count = Math.ceil(options.count / codes);
  let index = 0;
  const put = (picture: GreyImage | undefined) => (picture === undefined ? Promise.resolve() : writeFile(join(dir, frameFileName(index++, count, 'png')), encodePng(picture), { flag: 'wx' }));
  return {
    write: (payload) => put(pictures.add(payload)),
    async close() {
      await put(pictures.finish());
      return dir;
    },
  };
}
