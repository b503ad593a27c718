/**
 * Frames as a y4m video file (the format Chromium's fake camera plays, and what the signer reads
 * without ffmpeg), both ways, for both programs. Read one frame in memory at a time; written to a
 * temporary file beside the target and moved into place durably at close, never over an
 * existing file.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { openY4mStream, OpticalError, Y4mWriter } from '../../protocol/optical/index.ts';
import type { GreyImage, VideoFrames, Y4mColourspace } from '../../protocol/optical/index.ts';
import { placeDurable, tempPathFor } from '../durable.ts';

export function isY4mPath(path: string): boolean {
  return path.toLowerCase().endsWith('.y4m');
}

export async function openY4mFile(path: string): Promise<VideoFrames> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    await once(stream, 'open');
  } catch (cause) {
    throw new OpticalError('READ_FAILED', `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  return openY4mStream(stream as AsyncIterable<Uint8Array>);
}

export interface Y4mFileWriter {
  write(image: GreyImage): Promise<void>;
  /** Finishes the file and moves it into place. */
  close(): Promise<void>;
}

function cannotCreate(path: string, cause: unknown): OpticalError {
  const exists = (cause as { code?: string }).code === 'EEXIST';
  return new OpticalError(exists ? 'OUTPUT_EXISTS' : 'WRITE_FAILED', `cannot create ${path}: ${(cause as Error).message}`, { cause });
}

/** Opens a y4m file for writing; refuses to overwrite one. */
export async function openY4mWriter(path: string, size: { width: number; height: number }, fps: number, colourspace: Y4mColourspace = '420jpeg'): Promise<Y4mFileWriter> {
  const y4m = new Y4mWriter(size.width, size.height, fps, colourspace);
  if (await stat(path).then(() => true, () => false)) throw cannotCreate(path, Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST' }));
  const temp = tempPathFor(path);
  const file = createWriteStream(temp, { flags: 'wx', mode: 0o644 });
  try {
    await once(file, 'open');
  } catch (cause) {
    throw cannotCreate(path, cause);
  }
  const put = async (bytes: Uint8Array) => {
    if (!file.write(bytes)) await once(file, 'drain');
  };
  await put(y4m.header());
  return {
    write: (image) => put(y4m.frame(image)),
    async close() {
      file.end();
      await once(file, 'finish');
      try {
        await placeDurable(temp, path, { exclusive: true });
      } catch (cause) {
        throw cannotCreate(path, cause);
      }
    },
  };
}
