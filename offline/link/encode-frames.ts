/** A transfer to the frames that carry it: enough for the receiver to decode despite some loss. */
import { FrameEncoder, framesToDecode } from '../../protocol/frames/index.ts';
import type { DensityName } from '../../protocol/frames/index.ts';
import { loadFountain } from '../../node/wasm.ts';

export interface EncodedFrames {
  readonly frames: Uint8Array[];
  readonly sourceSymbols: number;
}

/** `multipleOf`: a count not given is rounded up to whole pictures of that many codes. */
export function encodeFrames(transfer: Uint8Array, density: DensityName, count?: number, multipleOf = 1): EncodedFrames {
  loadFountain();
  const encoder = new FrameEncoder(transfer, { density });
  try {
    const n = count ?? Math.ceil(framesToDecode(encoder.sourceSymbols) / multipleOf) * multipleOf;
    return { frames: Array.from({ length: n }, () => encoder.next()), sourceSymbols: encoder.sourceSymbols };
  } finally {
    encoder.dispose();
  }
}
