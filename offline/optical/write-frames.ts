/** Response frames as files: numbered PNG pictures, or a y4m video to show at a fixed rate (node/frames writes both). */
import { openPngSink, openY4mWriter } from '../../node/frames/index.ts';
import type { PayloadSink } from '../../node/frames/index.ts';
import { frameImage, OpticalError, FIT_720, VIDEO_720P } from '../../protocol/optical/index.ts';
import type { FrameLayout, QrSymbolSpec } from '../../protocol/optical/index.ts';

export function openPngFrames(dir: string, symbol: QrSymbolSpec, count: number, layout: FrameLayout = FIT_720): Promise<PayloadSink> {
  return openPngSink(dir, { symbol, count, layout });
}

export async function openY4mFrames(path: string, symbol: QrSymbolSpec, fps: number, layout: FrameLayout = VIDEO_720P): Promise<PayloadSink> {
  if (!path.toLowerCase().endsWith('.y4m')) throw new OpticalError('UNSUPPORTED', `${path}: the signer writes y4m videos only`);
  const video = await openY4mWriter(path, layout, fps);
  return {
    write: (payload) => video.write(frameImage(payload, symbol, layout)),
    async close() {
      await video.close();
      return path;
    },
  };
}
