/** Frame payloads read back from a video file (any container ffmpeg reads; y4m without it). Pictures: node/frames' scanPictureDir. */
import { scanStream } from '../../protocol/optical/index.ts';
import type { PayloadItem, StreamScanSummary } from '../../protocol/optical/index.ts';
import { openVideo } from './video.ts';
import { createScanner } from '../../node/wasm.ts';

export async function* scanVideo(path: string, summary?: StreamScanSummary): AsyncGenerator<PayloadItem> {
  const { frames } = await openVideo(path);
  yield* scanStream(frames, await createScanner(), (n) => `${path} frame ${n}`, summary);
}
