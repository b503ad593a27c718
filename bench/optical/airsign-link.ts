/** airsign's own link: RaptorQ-coded frames (protocol/frames) in byte-mode QR codes at a density preset. */
import { bytesEqual } from '../../protocol/bytes.ts';
import { FrameDecoder, FrameEncoder } from '../../protocol/frames/index.ts';
import type { DensityPreset } from '../../protocol/frames/index.ts';
import { loadFountain } from '../../node/wasm.ts';
import { frameImage, multiFrameImage, symbolOf } from '../../protocol/optical/index.ts';
import type { FrameLayout } from '../../protocol/optical/index.ts';
import type { Link } from './links.ts';

/**
 * codes: independent frames shown side by side in each displayed picture (1, 2 or 4). Several
 * codes are drawn on the square canvas the pages draw on (qr-display.ts), at the size it has in
 * device pixels full screen on a 1920x1080 monitor (100vh less 3.5rem: 1024): two codes side by
 * side are each half its width, not a wide picture the camera would see larger, and the margin
 * whole-pixel modules leave is kept.
 */
export const PAGE_CANVAS = { width: 1024, height: 1024, fit: 'box' } as const;

export function airsignLink(density: DensityPreset, codes = 1, canvas: FrameLayout = PAGE_CANVAS): Link {
  loadFountain();
  const symbol = symbolOf(density);
  return {
    name: codes === 1 ? `airsign ${density.name}` : `airsign ${density.name} x${codes}`,
    codesPerFrame: codes,
    open(message, startAt) {
      const encoder = new FrameEncoder(message, { density, start: startAt, sessionId: startAt });
      const decoder = new FrameDecoder();
      return {
        sourceFrames: encoder.sourceSymbols,
        nextFrame: () => (codes === 1 ? frameImage(encoder.next(), symbol) : multiFrameImage(Array.from({ length: codes }, () => encoder.next()), symbol, canvas)),
        receive(payload) {
          if (decoder.push(payload).status !== 'complete') return false;
          if (!bytesEqual(decoder.result(), message)) throw new Error('airsign decoded the wrong message');
          return true;
        },
        get received() {
          return decoder.progress.packets;
        },
        dispose() {
          encoder.dispose();
          decoder.dispose();
        },
      };
    },
  };
}
