/** Response frames as files: numbered PNG pictures, or a y4m video to show at a fixed rate (node/frames writes both); `codes` frames a picture. */
import { openPngSink, openY4mWriter } from '../../node/frames/index.ts';
import type { PayloadSink } from '../../node/frames/index.ts';
import { codeGrid, OpticalError, FIT_720, VIDEO_720P, pictureBatcher } from '../../protocol/optical/index.ts';
import type { FrameLayout, QrSymbolSpec } from '../../protocol/optical/index.ts';

export function openPngFrames(dir: string, symbol: QrSymbolSpec, count: number, layout: FrameLayout = FIT_720, codes = 1): Promise<PayloadSink> {
  return openPngSink(dir, { symbol, count, layout, codes });
}

export async function openY4mFrames(path: string, symbol: QrSymbolSpec, fps: number, layout: FrameLayout = VIDEO_720P, codes = 1): Promise<PayloadSink> {
  if (!path.toLowerCase().endsWith('.y4m')) throw new OpticalError('UNSUPPORTED', `${path}: the signer writes y4m videos only`);
  codeGrid(codes, layout);
  const pictures = pictureBatcher(symbol, layout, codes);
  const video = await openY4mWriter(path, layout, fps);
  return {
    async write(payload) {
      const picture = pictures.add(payload);
      if (picture !== undefined) await video.write(picture);
    },
    async close() {
      const last = pictures.finish();
      if (last !== undefined) await video.write(last);
      await video.close();
      return path;
    },
  };
}
