/**
 * Frame payloads to a transfer: the loop both programs run over frames read from files, a
 * video or pictures. Every payload goes to the frame decoder, which locks onto one session and
 * refuses the rest with a typed reason; the loop stops at the first complete, verified transfer.
 * What the caller says when the frames run out (and how it logs each frame) is its own.
 */
import { FrameDecoder } from '../../protocol/frames/index.ts';
import type { FrameProgress, PushResult } from '../../protocol/frames/index.ts';
import type { PayloadItem } from '../../protocol/optical/index.ts';
import { loadFountain } from '../wasm.ts';

export interface DecodedFrames {
  /** The transfer, once complete; undefined when the frames ran out first. */
  readonly transfer: Uint8Array | undefined;
  readonly progress: FrameProgress;
  /** Items read, frames and unreadable ones alike. */
  readonly itemsRead: number;
  /** Refusals by code (FOREIGN_SESSION, BAD_CHECKSUM, ...; restarts too) and unreadable inputs ('UNREADABLE'). */
  readonly refused: ReadonlyMap<string, number>;
  /** Frames the decoder rejected (restarts not counted). */
  readonly rejected: number;
}

/** Called for every item: a problem item without a result, a frame with the decoder's answer. */
export type FrameObserver = (item: PayloadItem, result?: PushResult) => void;

export async function decodeFrameItems(items: Iterable<PayloadItem> | AsyncIterable<PayloadItem>, observe?: FrameObserver): Promise<DecodedFrames> {
  loadFountain();
  const decoder = new FrameDecoder();
  try {
    const refused = new Map<string, number>();
    const count = (code: string) => refused.set(code, (refused.get(code) ?? 0) + 1);
    let itemsRead = 0;
    let rejected = 0;
    for await (const item of items) {
      itemsRead++;
      if ('problem' in item) {
        count('UNREADABLE');
        observe?.(item);
        continue;
      }
      const result = decoder.push(item.bytes);
      if (result.status === 'rejected' || result.status === 'restarted') count(result.code);
      if (result.status === 'rejected') rejected++;
      observe?.(item, result);
      if (decoder.complete) break;
    }
    return { transfer: decoder.complete ? decoder.result() : undefined, progress: decoder.progress, itemsRead, refused, rejected };
  } finally {
    decoder.dispose(); // frees the fountain decoder's wasm memory
  }
}
