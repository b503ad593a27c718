/** Writes frame payloads as a video of their QR codes, `codes` frames a video frame, at `fps` video frames a second. */
import { codeGrid, pictureBatcher, videoLayout } from '../../protocol/optical/index.ts';
import type { FrameLayout, QrSymbolSpec } from '../../protocol/optical/index.ts';
import type { PayloadSink } from '../../node/frames/index.ts';
import { openVideoWriter } from './video.ts';

export interface VideoSinkOptions {
  readonly symbol: QrSymbolSpec;
  /** Frames per second of display. */
  readonly fps: number;
  readonly layout?: FrameLayout;
  /** Frames a video frame (1, 2 or 4; default 1). */
  readonly codes?: number;
}

export async function openVideoSink(path: string, options: VideoSinkOptions): Promise<PayloadSink> {
  const codes = options.codes ?? 1;
  const layout = options.layout ?? videoLayout(codes);
  codeGrid(codes, layout);
  const pictures = pictureBatcher(options.symbol, layout, codes);
  const writer = await openVideoWriter(path, layout, options.fps);
  return {
    async write(payload) {
      const picture = pictures.add(payload);
      if (picture !== undefined) await writer.write(picture);
    },
    async close() {
      const last = pictures.finish();
      if (last !== undefined) await writer.write(last);
      await writer.close();
      return path;
    },
  };
}
