/** Writes frame payloads as numbered PNG pictures of their QR codes. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { frameFileName } from '../../node/frames/index.ts';
import { encodePng, frameImage, OpticalError, FIT_720 } from '../../protocol/optical/index.ts';
import type { FrameLayout, QrSymbolSpec } from '../../protocol/optical/index.ts';

export interface PngSinkOptions {
  readonly symbol: QrSymbolSpec;
  /** How many frames will be written: file numbers are padded to its width. */
  readonly count: number;
  readonly layout?: FrameLayout;
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
  let index = 0;
  return {
    async write(payload) {
      const png = encodePng(frameImage(payload, options.symbol, options.layout ?? FIT_720));
      await writeFile(join(dir, frameFileName(index++, options.count, 'png')), png, { flag: 'wx' });
    },
    async close() {
      return dir;
    },
  };
}
