/**
 * Frames as video. y4m is read and written by node/frames (the format Chromium's fake camera
 * plays); any other container goes through ffmpeg.
 */
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { isY4mPath, openY4mFile, openY4mWriter } from '../../node/frames/index.ts';
import { openY4mStream, Y4mWriter } from '../../protocol/optical/index.ts';
import type { GreyImage, VideoFrames, Y4mColourspace } from '../../protocol/optical/index.ts';
import { encoderArgs, ffmpegPath, runFfmpeg } from './ffmpeg.ts';

export const isY4m = isY4mPath;

export async function openVideo(path: string): Promise<VideoFrames> {
  if (isY4m(path)) return openY4mFile(path);
  // Decoded to grey by ffmpeg: only luma matters to a QR decoder.
  const run = runFfmpeg(['-i', ffmpegPath(path), '-f', 'yuv4mpegpipe', '-pix_fmt', 'gray', '-strict', '-1', 'pipe:1']);
  return openY4mStream(run.process.stdout as AsyncIterable<Uint8Array>, async (complete) => {
    if (complete) return run.done;
    run.process.kill();
    await run.done.catch(() => {});
  });
}

export interface VideoWriter {
  write(image: GreyImage): Promise<void>;
  close(): Promise<void>;
}

async function writeTo(stream: Writable, bytes: Uint8Array): Promise<void> {
  if (!stream.write(bytes)) await once(stream, 'drain');
}

/** Opens a video file for writing; refuses to overwrite one. */
export async function openVideoWriter(path: string, size: { width: number; height: number }, fps: number, colourspace: Y4mColourspace = '420jpeg'): Promise<VideoWriter> {
  if (isY4m(path)) return openY4mWriter(path, size, fps, colourspace);
  const y4m = new Y4mWriter(size.width, size.height, fps, colourspace);
  const run = runFfmpeg(['-n', '-f', 'yuv4mpegpipe', '-i', 'pipe:0', ...encoderArgs(path), ffmpegPath(path)]);
  const stream: Writable = run.process.stdin!;
  stream.on('error', () => {}); // a broken pipe shows up as ffmpeg's exit status
  await writeTo(stream, y4m.header());
  return {
    write: (image) => writeTo(stream, y4m.frame(image)),
    async close() {
      stream.end();
      await run.done;
    },
  };
}
