/**
 * A y4m byte stream (a file, ffmpeg's output, a fetch body) as its header and a stream of grey
 * frames, one frame in memory at a time.
 */
import type { GreyImage } from './image.ts';
import type { Y4mInfo } from './y4m-format.ts';
import { Y4mReader } from './y4m-read.ts';

export interface VideoFrames {
  readonly info: Y4mInfo;
  readonly frames: AsyncGenerator<GreyImage>;
}

/** Reads until the header is known, then hands out frames as the bytes arrive. */
export async function openY4mStream(chunks: AsyncIterable<Uint8Array>, onDone: (complete: boolean) => Promise<void> = async () => {}): Promise<VideoFrames> {
  const source = chunks[Symbol.asyncIterator]();
  const reader = new Y4mReader();
  const pending: GreyImage[] = [];
  let ended = false;
  const pull = async (): Promise<void> => {
    const r = await source.next();
    if (r.done === true) ended = true;
    else pending.push(...reader.push(r.value));
  };
  try {
    while (reader.info === undefined && !ended) await pull();
    if (reader.info === undefined) reader.finish(); // throws: no header
  } catch (e) {
    await source.return?.();
    await onDone(false);
    throw e;
  }
  async function* frames(): AsyncGenerator<GreyImage> {
    let complete = false;
    try {
      for (;;) {
        while (pending.length > 0) yield pending.shift()!;
        if (ended) break;
        await pull();
      }
      reader.finish();
      complete = true;
    } finally {
      if (!complete) await source.return?.();
      await onDone(complete);
    }
  }
  return { info: reader.info!, frames: frames() };
}
