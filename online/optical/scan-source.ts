/**
 * Frame payloads read back from pictures: a directory of PNG images (each a still, searched
 * thoroughly) or a video (a camera stream: region tracking, fast effort, and a frame seen in
 * several captures in a row is handed on once).
 */
import { bytesEqual } from '../../protocol/bytes.ts';
import type { QrScanner } from '../../protocol/optical/index.ts';
import { readImageDir } from './image-dir.ts';
import { openVideo } from './video.ts';
import { createScanner } from './zxing-wasm-file.ts';

export type PayloadItem = { readonly label: string; readonly bytes: Uint8Array } | { readonly label: string; readonly problem: string };

/** Scanner settings for still pictures: time matters less than finding the code. */
export async function stillScanner(): Promise<QrScanner> {
  return createScanner({ jsqr: 'on-miss', regionMisses: 1, frameEffort: { tryHarder: true, tryDownscale: true } });
}

export async function* scanImageDir(dir: string): AsyncGenerator<PayloadItem> {
  const scanner = await stillScanner();
  for await (const item of readImageDir(dir)) {
    if ('problem' in item) {
      yield item;
      continue;
    }
    const found = scanner.scan(item.image);
    yield found === undefined ? { label: item.label, problem: 'no QR code found' } : { label: item.label, bytes: found.payload };
  }
}

export interface VideoScanSummary {
  frames: number;
  decoded: number;
}

/** Payloads of a video, in order, each run of identical ones once. Misses are counted, not listed. */
export async function* scanVideo(path: string, summary: VideoScanSummary = { frames: 0, decoded: 0 }): AsyncGenerator<PayloadItem> {
  const { frames } = await openVideo(path);
  const scanner = await createScanner();
  let last: Uint8Array | undefined;
  for await (const image of frames) {
    summary.frames++;
    const found = scanner.scan(image);
    if (found === undefined) continue;
    summary.decoded++;
    if (last !== undefined && bytesEqual(last, found.payload)) continue;
    last = found.payload;
    yield { label: `${path} frame ${summary.frames}`, bytes: found.payload };
  }
}
