/**
 * Frames as binary files, one frame payload per file (frame-000001.bin, ...), the form the online
 * side's `airsign frames encode --format bin` writes. Read with hostile input in mind: at most
 * MAX_FRAME_FILES names, each a regular file no larger than any frame can be, read one at a time.
 */
import { lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_FRAME_BYTES } from '../../protocol/frames/index.ts';
import { SignerError } from '../errors.ts';

export const MAX_FRAME_FILES = 100_000;

/** One frame read back, or why a file could not be one. */
export type FrameItem = { readonly label: string; readonly bytes: Uint8Array } | { readonly label: string; readonly problem: string };

export function frameFileName(index: number, count: number, extension: string): string {
  return `frame-${String(index + 1).padStart(Math.max(6, String(count).length), '0')}.${extension}`;
}

/** Name order with runs of digits compared as numbers (frame-999999 before frame-1000000). */
export function compareFileNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (cause) {
    throw new SignerError('IO', `cannot read the directory ${dir}`, { cause });
  }
}

export function* readBinFrames(dir: string): Generator<FrameItem> {
  const names = listDir(dir).filter((n) => n.endsWith('.bin'));
  if (names.length > MAX_FRAME_FILES) throw new SignerError('BAD_REQUEST', `TOO_LARGE: ${dir} holds ${names.length} frame files, more than ${MAX_FRAME_FILES}`);
  for (const name of names.sort(compareFileNames)) {
    const path = join(dir, name);
    const info = lstatSync(path);
    if (!info.isFile()) yield { label: name, problem: 'not a regular file' };
    else if (info.size > MAX_FRAME_BYTES) yield { label: name, problem: `${info.size} bytes, larger than any frame (${MAX_FRAME_BYTES})` };
    else yield { label: name, bytes: new Uint8Array(readFileSync(path)) };
  }
}

/** Writes frames as numbered .bin files into `dir`, which must not already hold frame files. */
export function writeBinFrames(dir: string, frames: Iterable<Uint8Array>, count: number): string {
  mkdirSync(dir, { recursive: true });
  if (listDir(dir).some((n) => n.startsWith('frame-'))) throw new SignerError('IO', `${dir} already holds frame files; frames of two transfers must not mix`);
  let index = 0;
  for (const frame of frames) writeFileSync(join(dir, frameFileName(index++, count, 'bin')), frame, { flag: 'wx' });
  return dir;
}
