/**
 * The frame formats both programs read and write without ffmpeg, beside binFormat: QR pictures
 * (png) and a y4m video, each `codes` frames a picture. The frames commands list them with the
 * ffmpeg video format of online/optical; the signer picks from FRAME_FILE_FORMATS by name.
 */
import { codeGrid, DEFAULT_DISPLAY_FPS, pictureBatcher, scanStills, scanStream, STILL_SCANNER, symbolOf, videoLayout, OpticalError } from '../../protocol/optical/index.ts';
import type { PayloadItem, StreamScanSummary } from '../../protocol/optical/index.ts';
import { createScanner } from '../wasm.ts';
import { binFormat } from './bin-format.ts';
import type { FrameFormat, FrameSink, FrameSinkOptions } from './format.ts';
import { openPngSink, readPictures } from './png-files.ts';
import { isY4mPath, openY4mFile, openY4mWriter } from './y4m-files.ts';

/** Payloads of the PNG pictures in `dir`, in name order; a picture without a code is a problem item. */
export async function* scanPictureDir(dir: string): AsyncGenerator<PayloadItem> {
  yield* scanStills(readPictures(dir), await createScanner(STILL_SCANNER));
}

/** Payloads of a y4m video, each run of identical ones once. */
export async function* scanY4mFile(path: string, summary?: StreamScanSummary): AsyncGenerator<PayloadItem> {
  if (!isY4mPath(path)) throw new OpticalError('UNSUPPORTED', `${path}: only y4m videos are read without ffmpeg (convert with ffmpeg -i IN -pix_fmt gray OUT.y4m)`);
  const { frames } = await openY4mFile(path);
  yield* scanStream(frames, await createScanner(), (n) => `${path} frame ${n}`, summary);
}

/** A y4m video of the frames' QR codes, `codes` a video frame, at `fps`. */
async function openY4mSink(path: string, options: FrameSinkOptions): Promise<FrameSink> {
  if (!isY4mPath(path)) throw new OpticalError('UNSUPPORTED', `${path}: only y4m videos are written without ffmpeg`);
  const codes = options.codes ?? 1;
  const layout = videoLayout(codes);
  codeGrid(codes, layout);
  const pictures = pictureBatcher(symbolOf(options.density), layout, codes);
  const video = await openY4mWriter(path, layout, options.fps ?? DEFAULT_DISPLAY_FPS);
  return {
    async write(payload) {
      const picture = pictures.add(payload);
      if (picture !== undefined) await video.write(picture);
    },
    async close() {
      const last = pictures.finish();
      if (last !== undefined) await video.write(last);
      await video.close();
      return path;
    },
  };
}

export const pngFormat: FrameFormat = {
  name: 'png',
  summary: "QR pictures (frame-000001.png, ...), one frame a code, at the density preset's QR version",
  openSink: (out, options) => openPngSink(out, { symbol: symbolOf(options.density), count: options.count, codes: options.codes ?? 1 }),
  readFrames: (input) => scanPictureDir(input),
  lookedFor: () => 'QR pictures named *.png (raw frame files need --format bin)',
};

export const y4mFormat: FrameFormat = {
  name: 'y4m',
  summary: 'a y4m video of the QR frames (the format a browser fake camera plays)',
  openSink: openY4mSink,
  readFrames: (input) => scanY4mFile(input),
};

/** The formats of frame files, by name: what the signer reads and writes, and the frames commands' own (with video through ffmpeg). */
export const FRAME_FILE_FORMATS = { bin: binFormat, png: pngFormat, y4m: y4mFormat } as const satisfies Record<string, FrameFormat>;
export type FrameFileFormatName = keyof typeof FRAME_FILE_FORMATS;
