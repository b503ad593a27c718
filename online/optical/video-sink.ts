/** Writes frame payloads as a video of their QR codes, one video frame per payload, at `fps`. */
import { frameImage, VIDEO_720P } from '../../protocol/optical/index.ts';
import type { FrameLayout, QrSymbolSpec } from '../../protocol/optical/index.ts';
import type { PayloadSink } from '../../node/frames/index.ts';
import { openVideoWriter } from './video.ts';

export interface VideoSinkOptions {
  readonly symbol: QrSymbolSpec;
  /** Frames per second of display. */
  readonly fps: number;
  readonly layout?: FrameLayout;
}

export async function openVideoSink(path: string, options: VideoSinkOptions): Promise<PayloadSink> {
  const layout = options.layout ?? VIDEO_720P;
  const writer = await openVideoWriter(path, layout, options.fps);
  return {
    write: (payload) => writer.write(frameImage(payload, options.symbol, layout)),
    async close() {
      await writer.close();
      return path;
    },
  };
}
