/**
 * Frames as raw binary files, one frame payload per file (frame-000001.bin, ...): the form a USB
 * stick carries, written by both programs. Read with hostile input in mind: at most
 * MAX_FRAME_FILES names, each a regular file no larger than any frame can be, read one at a time.
 * Written through the durable writer, each file whole or not at all, never over an earlier one.
 */
import { lstat, mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_FRAME_BYTES } from '../../protocol/frames/index.ts';
import { syncDir, writeFileDurable } from '../durable.ts';
import { FrameFileError } from './errors.ts';
import { compareFileNames, frameFileName, isFrameFileName } from './file-names.ts';
import type { FrameFormat, FrameItem, FrameSink, FrameSinkOptions } from './format.ts';

const EXTENSION = 'bin';

/** No transfer needs anywhere near this many frames; a directory holding more is refused unread. */
export const MAX_FRAME_FILES = 100_000;

async function listDirectory(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    if (code === 'ENOTDIR') throw new FrameFileError('NOT_A_DIRECTORY', `${dir} is not a directory`, { cause });
    throw new FrameFileError('READ_FAILED', `cannot read the directory ${dir}`, { cause });
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
      // Each file is flushed before it is renamed into place; the directory once, at close.
      await writeFileDurable(join(out, frameFileName(index, options.count, EXTENSION)), frame, { mode: 0o644, exclusive: true, syncDir: false });
      index++;
    },
    async close() {
      await syncDir(out);
      return out;
    },
  };
}

async function* readFrames(dir: string, options: { readonly everyFile?: boolean } = {}): AsyncGenerator<FrameItem> {
  const names = (await listDirectory(dir)).filter((name) => (options.everyFile === true ? !name.startsWith('.') : name.endsWith(`.${EXTENSION}`)));
  if (names.length > MAX_FRAME_FILES) throw new FrameFileError('TOO_MANY_FILES', `${dir} holds ${names.length} frame files, more than ${MAX_FRAME_FILES}`);
  for (const name of names.sort(compareFileNames)) {
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
