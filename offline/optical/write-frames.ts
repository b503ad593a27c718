/** Response frames as files: numbered PNG pictures, or a y4m video to show at a fixed rate. */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { frameFileName } from '../../node/frames/index.ts';
import { encodePng, frameImage, OpticalError, FIT_720, VIDEO_720P, Y4mWriter } from '../../protocol/optical/index.ts';
import type { FrameLayout, QrSymbolSpec } from '../../protocol/optical/index.ts';

export interface PayloadSink {
  write(payload: Uint8Array): Promise<void>;
  /** Returns where the frames went. */
  close(): Promise<string>;
}

export async function openPngFrames(dir: string, symbol: QrSymbolSpec, count: number, layout: FrameLayout = FIT_720): Promise<PayloadSink> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).some((n) => n.startsWith('frame-') && n.endsWith('.png'))) {
    throw new OpticalError('OUTPUT_EXISTS', `${dir} already holds frame pictures; frames of two transfers must not mix`);
  }
  let index = 0;
  return {
    write: (payload) => writeFile(join(dir, frameFileName(index++, count, 'png')), encodePng(frameImage(payload, symbol, layout)), { flag: 'wx' }),
    close: async () => dir,
  };
}

export async function openY4mFrames(path: string, symbol: QrSymbolSpec, fps: number, layout: FrameLayout = VIDEO_720P): Promise<PayloadSink> {
  if (!path.toLowerCase().endsWith('.y4m')) throw new OpticalError('UNSUPPORTED', `${path}: the signer writes y4m videos only`);
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
    write: (payload) => put(y4m.frame(frameImage(payload, symbol, layout))),
    async close() {
      file.end();
      await once(file, 'finish');
      return path;
    },
  };
}
