/**
 * How frames travel as files. A format writes a frame stream somewhere (a directory of files, a
 * video) and reads frame payloads back in order; the frames commands only see this interface, so
 * new formats (QR images, video) plug in without touching the commands.
 */
import type { DensityPreset } from '../../protocol/frames/index.ts';
import type { PayloadItem } from '../../protocol/optical/index.ts';

export interface FrameSinkOptions {
  /** The QR preset the frames were cut for; image formats render at its version and level. */
  readonly density: DensityPreset;
  /** How many frames will be written (for naming: file numbers are padded to this width). */
  readonly count: number;
  /** Display rate, for formats that are videos. */
  readonly fps?: number;
  /** QR codes in each picture or video frame (1, 2 or 4; default 1), for formats that draw codes; count is a multiple of it. */
  readonly codes?: number;
}

export interface FrameSink {
  write(frame: Uint8Array): Promise<void>;
  /** Finishes writing; returns where the frames went, for the command's summary. */
  close(): Promise<string>;
}

/** One frame payload read back, or why an input item could not be read as one (the scan item of protocol/optical). */
export type FrameItem = PayloadItem;

export interface FrameFormat {
  readonly name: string;
  readonly summary: string;
  /** Opens a sink at `out` (a directory or file, as the format defines); refuses to mix with earlier output. */
  openSink(out: string, options: FrameSinkOptions): Promise<FrameSink>;
  /**
   * Reads the frames at `input` in stream order (for files: in name order). `everyFile`: the
   * format was named by the user, so a directory's every file is read, whatever its name ends in.
   */
  readFrames(input: string, options?: { readonly everyFile?: boolean }): AsyncIterable<FrameItem>;
  /** What a directory read was looking for, for "no frames read" ("raw frame files (*.bin)"). */
  readonly lookedFor?: (options?: { readonly everyFile?: boolean }) => string;
}
