/**
 * Frames to a transfer (the loop is node/frames/decode.ts): the first complete, verified transfer
 * wins. Running out of frames first is a typed INCOMPLETE rejection that says how far decoding got
 * and what was refused.
 */
import { decodeFrameItems } from '../../node/frames/index.ts';
import type { FrameProgress } from '../../protocol/frames/index.ts';
import type { PayloadItem } from '../../protocol/optical/index.ts';
import { linkRefusal } from './link-error.ts';

export interface FramesOutcome {
  readonly transfer: Uint8Array;
  readonly progress: FrameProgress;
  /** Refusals by code (FOREIGN_SESSION, BAD_CHECKSUM, ...) and unreadable inputs ('UNREADABLE'). */
  readonly rejected: ReadonlyMap<string, number>;
}

function describe(rejected: ReadonlyMap<string, number>): string {
  return [...rejected].map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
}

export async function decodeFrames(items: Iterable<PayloadItem> | AsyncIterable<PayloadItem>, where: string): Promise<FramesOutcome> {
  const { transfer, progress: p, refused } = await decodeFrameItems(items);
  if (transfer !== undefined) return { transfer, progress: p, rejected: refused };
  const got = p.sourceSymbols === undefined ? 'no frame of any session' : `${p.packets} of about ${p.sourceSymbols} frames`;
  throw linkRefusal('INCOMPLETE', `${where}: the frames ran out after ${p.framesSeen} (${got}; refused: ${describe(refused)})`);
}
