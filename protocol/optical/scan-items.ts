/**
 * Pictures to frame payloads, for files: stills (a directory of images, each searched
 * thoroughly) and streams (video: region tracking, fast effort, and a frame seen in several
 * captures in a row handed on once). Every code of a picture is read (a picture may carry
 * several frames, multi-frame-image.ts). Both sides use these; only the file reading differs.
 */
import { bytesEqual } from '../bytes.ts';
import type { GreyImage } from './image.ts';
import { MAX_CODES_PER_FRAME } from './multi-frame-image.ts';
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
    const found = scanner.scanAll(item.image, MAX_CODES_PER_FRAME);
    if (found.length === 0) yield { label: item.label, problem: 'no QR code found' };
    for (const [i, f] of found.entries()) yield { label: found.length === 1 ? item.label : `${item.label} code ${i + 1}`, bytes: f.payload };
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
  let last: readonly Uint8Array[] = [];
  for await (const image of frames) {
    summary.frames++;
    const found = scanner.scanAll(image, MAX_CODES_PER_FRAME).map((f) => f.payload);
    if (found.length === 0) continue;
    summary.decoded++;
    const fresh = found.filter((p) => !last.some((q) => bytesEqual(p, q)));
    last = found;
    for (const bytes of fresh) yield { label: label(summary.frames), bytes };
  }
}
