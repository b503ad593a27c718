/**
 * Payloads gathered into pictures of N codes (multi-frame-image.ts): one picture per N payloads;
 * the last picture of a count that is not a multiple of N has the same grid with empty cells.
 */
import { frameImage } from './frame-image.ts';
import type { FrameLayout } from './frame-image.ts';
import type { GreyImage } from './image.ts';
import { multiFrameImage } from './multi-frame-image.ts';
import type { QrSymbolSpec } from './qr-presets.ts';

export interface PictureBatcher {
  /** The picture once `codes` payloads are in, else undefined. */
  add(payload: Uint8Array): GreyImage | undefined;
  /** The last, part-filled picture, if payloads are left over. */
  finish(): GreyImage | undefined;
}

export function pictureBatcher(symbol: QrSymbolSpec, layout: FrameLayout, codes: number): PictureBatcher {
  let pending: Uint8Array[] = [];
  return {
    add(payload) {
      pending.push(payload);
      if (pending.length < codes) return undefined;
      const picture = codes === 1 ? frameImage(payload, symbol, layout) : multiFrameImage(pending, symbol, layout);
      pending = [];
      return picture;
    },
    finish() {
      if (pending.length === 0) return undefined;
      const picture = multiFrameImage(pending, symbol, layout, codes);
      pending = [];
      return picture;
    },
  };
}
