/**
 * Frames as video. y4m is read and written here directly (the format Chromium's fake camera
 * plays); any other container goes through ffmpeg.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { openY4mStream, OpticalError, Y4mWriter } from '../../protocol/optical/index.ts';
import type { GreyImage, VideoFrames, Y4mColourspace } from '../../protocol/optical/index.ts';
import { encoderArgs, ffmpegPath, runFfmpeg } from './ffmpeg.ts';

export function isY4m(path: string): boolean {
  return path.toLowerCase().endsWith('.y4m');
}

export async function openVideo(path: string): Promise<VideoFrames> {
  if (isY4m(path)) {
    const stream = createReadStream(path, { highWaterMark: 1 << 20 });
    try {
      await once(stream, 'open');
    } catch (cause) {
      throw new OpticalError('READ_FAILED', `cannot read ${path}: ${(cause as Error).message}`, { cause });
    }
    return openY4mStream(stream as AsyncIterable<Uint8Array>);
  }
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
  const y4m = new Y4mWriter(size.width, size.height, fps, colourspace);
  let stream: Writable;
  let finished: () => Promise<void>;
  if (isY4m(path)) {
    const file = createWriteStream(path, { flags: 'wx' });
    try {
      await once(file, 'open'); // rejects with the open error (EEXIST: never overwrite)
    } catch (cause) {
      const exists = (cause as { code?: string }).code === 'EEXIST';
      throw new OpticalError(exists ? 'OUTPUT_EXISTS' : 'WRITE_FAILED', `cannot create ${path}: ${(cause as Error).message}`, { cause });
    }
    stream = file;
    finished = async () => {
      file.end();
      await once(file, 'finish');
    };
  } else {
    const run = runFfmpeg(['-n', '-f', 'yuv4mpegpipe', '-i', 'pipe:0', ...encoderArgs(path), ffmpegPath(path)]);
    stream = run.process.stdin!;
    stream.on('error', () => {}); // a broken pipe shows up as ffmpeg's exit status
    finished = async () => {
      stream.end();
      await run.done;
    };
  }
  await writeTo(stream, y4m.header());
  return {
    write: (image) => writeTo(stream, y4m.frame(image)),
    close: () => finished(),
  };
}
