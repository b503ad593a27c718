/**
 * Payloads gathered into pictures of N codes (multi-frame-image.ts): a sink that writes one
 * picture per N payloads. The writer sends whole pictures (the frames commands write a multiple
 * of N); closing with a part-filled picture is an error rather than a picture of another shape.
 */
import { OpticalError } from './errors.ts';
import { frameImage } from './frame-image.ts';
import type { FrameLayout } from './frame-image.ts';
import type { GreyImage } from './image.ts';
import { multiFrameImage } from './multi-frame-image.ts';
import type { QrSymbolSpec } from './qr-presets.ts';

export interface PictureBatcher {
  /** The picture once `codes` payloads are in, else undefined. */
  add(payload: Uint8Array): GreyImage | undefined;
  /** Throws when payloads are left over. */
  finish(): void;
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
      if (pending.length > 0) throw new OpticalError('BAD_ARGUMENT', `${pending.length} frame(s) left over: pictures of ${codes} codes need a multiple of ${codes} frames`);
    },
  };
}
