/** Response frames as files: numbered PNG pictures, or a y4m video to show at a fixed rate; `codes` frames a picture. */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { codeGrid, encodePng, frameFileName, OpticalError, FIT_720, VIDEO_720P, pictureBatcher, Y4mWriter } from '../../protocol/optical/index.ts';
import type { FrameLayout, GreyImage, QrSymbolSpec } from '../../protocol/optical/index.ts';

export interface PayloadSink {
  write(payload: Uint8Array): Promise<void>;
  /** Returns where the frames went. */
  close(): Promise<string>;
}

export async function openPngFrames(dir: string, symbol: QrSymbolSpec, count: number, layout: FrameLayout = FIT_720, codes = 1): Promise<PayloadSink> {
  codeGrid(codes, layout);
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).some((n) => n.startsWith('frame-') && n.endsWith('.png'))) {
    throw new OpticalError('OUTPUT_EXISTS', `${dir} already holds frame pictures; frames of two transfers must not mix`);
  }
  const pictures = pictureBatcher(symbol, layout, codes);
  const files = Math.ceil(count / codes);
  let index = 0;
  const put = (picture: GreyImage | undefined) => (picture === undefined ? Promise.resolve() : writeFile(join(dir, frameFileName(index++, files, 'png')), encodePng(picture), { flag: 'wx' }));
  return {
    write: (payload) => put(pictures.add(payload)),
    async close() {
      await put(pictures.finish());
      return dir;
    },
  };
}

export async function openY4mFrames(path: string, symbol: QrSymbolSpec, fps: number, layout: FrameLayout = VIDEO_720P, codes = 1): Promise<PayloadSink> {
  if (!path.toLowerCase().endsWith('.y4m')) throw new OpticalError('UNSUPPORTED', `${path}: the signer writes y4m videos only`);
  codeGrid(codes, layout);
  const pictures = pictureBatcher(symbol, layout, codes);
  const y4m = new Y4mWriter(layout.width, layout.height, fps);
  const file = createWriteStream(path, { flags: 'wx' });
  try {
    await once(file, 'open');
  } catch (cause) {
    const exists = (cause as { code?: string }).code === 'EEXIST';
    throw new OpticalError(exists ? 'OUTPUT_EXISTS' : 'WRITE_FAILED', `cannot create ${path}`, { cause });
  }
  const put = async (bytes: Uint8Array) => {
    if (!file.write(bytes)) await once(file, 'drain');
  };
  await put(y4m.header());
  return {
    async write(payload) {
      const picture = pictures.add(payload);
      if (picture !== undefined) await put(y4m.frame(picture));
    },
    async close() {
      const last = pictures.finish();
      if (last !== undefined) await put(y4m.frame(last));
      file.end();
      await once(file, 'finish');
      return path;
    },
  };
}
