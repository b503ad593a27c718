/** airsign's own link: RaptorQ-coded frames (protocol/frames) in byte-mode QR codes at a density preset. */
import { bytesEqual } from '../../protocol/bytes.ts';
import { FrameDecoder, FrameEncoder } from '../../protocol/frames/index.ts';
import type { DensityPreset } from '../../protocol/frames/index.ts';
import { loadFountain } from '../../online/frames/index.ts';
import { frameImage, symbolOf } from '../../protocol/optical/index.ts';
import type { Link } from './links.ts';

export function airsignLink(density: DensityPreset): Link {
  loadFountain();
  const symbol = symbolOf(density);
  return {
    name: `airsign ${density.name}`,
    open(message, startAt) {
      const encoder = new FrameEncoder(message, { density, start: startAt, sessionId: startAt });
      const decoder = new FrameDecoder();
      return {
        sourceFrames: encoder.sourceSymbols,
        nextFrame: () => frameImage(encoder.next(), symbol),
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
