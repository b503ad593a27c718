/** Frame payloads read back from a directory of PNG pictures or from a video file. */
import { scanStills, scanStream, STILL_SCANNER } from '../../protocol/optical/index.ts';
import type { PayloadItem, StreamScanSummary } from '../../protocol/optical/index.ts';
import { openVideo } from './video.ts';
import { readPictures } from '../../node/frames/index.ts';
import { createScanner } from '../../node/wasm.ts';

export async function* scanImageDir(dir: string): AsyncGenerator<PayloadItem> {
  yield* scanStills(readPictures(dir), await createScanner(STILL_SCANNER));
}

export async function* scanVideo(path: string, summary?: StreamScanSummary): AsyncGenerator<PayloadItem> {
  const { frames } = await openVideo(path);
  yield* scanStream(frames, await createScanner(), (n) => `${path} frame ${n}`, summary);
}
