/**
 * Pictures to frame payloads, for files: stills (a directory of images, each searched
 * thoroughly) and streams (video: region tracking, fast effort, and a frame seen in several
 * captures in a row handed on once). Both sides use these; only the file reading differs.
 */
import { bytesEqual } from '../bytes.ts';
import type { GreyImage } from './image.ts';
import type { QrScanner, ScannerOptions } from './scanner.ts';

export type ImageItem = { readonly label: string; readonly image: GreyImage } | { readonly label: string; readonly problem: string };
export type PayloadItem = { readonly label: string; readonly bytes: Uint8Array } | { readonly label: string; readonly problem: string };

/** Scanner settings for still pictures: time matters less than finding the code. */
export const STILL_SCANNER: ScannerOptions = { jsqr: 'on-miss', regionMisses: 1, frameEffort: { tryHarder: true, tryDownscale: true } };

export async function* scanStills(items: AsyncIterable<ImageItem>, scanner: QrScanner): AsyncGenerator<PayloadItem> {
  for await (const item of items) {
    if ('problem' in item) {
      yield item;
      continue;
    }
    const found = scanner.scan(item.image);
    yield found === undefined ? { label: item.label, problem: 'no QR code found' } : { label: item.label, bytes: found.payload };
  }
}

export interface StreamScanSummary {
  frames: number;
  decoded: number;
}

/** Payloads of a stream of frames, in order, each run of identical ones once; misses are counted, not listed. */
export async function* scanStream(
  frames: AsyncIterable<GreyImage>,
  scanner: QrScanner,
  label: (frameNumber: number) => string,
  summary: StreamScanSummary = { frames: 0, decoded: 0 },
): AsyncGenerator<PayloadItem> {
  let last: Uint8Array | undefined;
  for await (const image of frames) {
    summary.frames++;
    const found = scanner.scan(image);
    if (found === undefined) continue;
    summary.decoded++;
    if (last !== undefined && bytesEqual(last, found.payload)) continue;
    last = found.payload;
    yield { label: label(summary.frames), bytes: found.payload };
  }
}
