/** Frames as raw binary files, one frame payload per file: the form a USB stick carries. */
import { lstat, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_FRAME_BYTES } from '../../protocol/frames/index.ts';
import { FrameFileError } from './errors.ts';
import { compareFileNames, frameFileName, isFrameFileName } from './file-names.ts';
import type { FrameFormat, FrameItem, FrameSink, FrameSinkOptions } from './format.ts';

const EXTENSION = 'bin';

async function listDirectory(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    if (code === 'ENOTDIR') throw new FrameFileError('NOT_A_DIRECTORY', `${dir} is not a directory`, { cause });
    throw new FrameFileError('READ_FAILED', `cannot read directory ${dir}`, { cause });
  }
}

async function openSink(out: string, options: FrameSinkOptions): Promise<FrameSink> {
  await mkdir(out, { recursive: true });
  const earlier = (await listDirectory(out)).filter((name) => isFrameFileName(name, EXTENSION));
  if (earlier.length > 0) {
    throw new FrameFileError('OUTPUT_EXISTS', `${out} already holds ${earlier.length} frame file(s); frames of two transfers must not mix`);
  }
  let index = 0;
  return {
    async write(frame) {
      await writeFile(join(out, frameFileName(index, options.count, EXTENSION)), frame, { flag: 'wx' });
      index++;
    },
    async close() {
      return out;
    },
  };
}

async function* readFrames(dir: string, options: { readonly everyFile?: boolean } = {}): AsyncIterable<FrameItem> {
  const names = (await listDirectory(dir)).filter((name) => (options.everyFile === true ? !name.startsWith('.') : name.endsWith(`.${EXTENSION}`))).sort(compareFileNames);
  for (const name of names) {
    const path = join(dir, name);
    const info = await lstat(path);
    if (!info.isFile()) {
      yield { label: name, problem: 'not a regular file' };
    } else if (info.size > MAX_FRAME_BYTES) {
      // Bounded before reading: no frame is larger, whatever a hostile directory holds.
      yield { label: name, problem: `${info.size} bytes, larger than any frame (${MAX_FRAME_BYTES})` };
    } else {
      yield { label: name, bytes: new Uint8Array(await readFile(path)) };
    }
  }
}

export const binFormat: FrameFormat = {
  name: 'bin',
  summary: 'one binary file per frame (frame-000001.bin, ...)',
  openSink,
  readFrames,
  lookedFor: (options) => (options?.everyFile === true ? 'every file (--format bin), none found' : `raw frame files named *.${EXTENSION}; give --format bin to read every file whatever its name`),
};
