/**
 * Frames to a transfer: every payload goes to the frame decoder, which locks onto one session and
 * refuses the rest with a typed reason; the first complete, verified transfer wins. Running out of
 * frames first is a typed INCOMPLETE rejection that says how far decoding got and what was refused.
 */
import { FrameDecoder } from '../../protocol/frames/index.ts';
import type { FrameProgress } from '../../protocol/frames/index.ts';
import { SignerError } from '../errors.ts';
import { loadFountain } from './load-fountain.ts';

export interface FramesOutcome {
  readonly transfer: Uint8Array;
  readonly progress: FrameProgress;
  /** Refusals by code (FOREIGN_SESSION, BAD_CHECKSUM, ...) and unreadable inputs ('UNREADABLE'). */
  readonly rejected: ReadonlyMap<string, number>;
}

export type PayloadItem = { readonly label: string; readonly bytes: Uint8Array } | { readonly label: string; readonly problem: string };

function describe(rejected: ReadonlyMap<string, number>): string {
  return [...rejected].map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
}

export async function decodeFrames(items: Iterable<PayloadItem> | AsyncIterable<PayloadItem>, where: string): Promise<FramesOutcome> {
  loadFountain();
  const decoder = new FrameDecoder();
  try {
    const rejected = new Map<string, number>();
    const count = (code: string) => rejected.set(code, (rejected.get(code) ?? 0) + 1);
    for await (const item of items) {
      if ('problem' in item) {
        count('UNREADABLE');
        continue;
      }
      const result = decoder.push(item.bytes);
      if (result.status === 'rejected' || result.status === 'restarted') count(result.code);
      if (decoder.complete) return { transfer: decoder.result(), progress: decoder.progress, rejected };
    }
    const p = decoder.progress;
    const got = p.sourceSymbols === undefined ? 'no frame of any session' : `${p.packets} of about ${p.sourceSymbols} frames`;
    throw new SignerError('BAD_REQUEST', `INCOMPLETE: ${where}: the frames ran out after ${p.framesSeen} (${got}; refused: ${describe(rejected)})`);
  } finally {
    decoder.dispose(); // frees the fountain decoder's wasm memory
  }
}
