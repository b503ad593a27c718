/**
 * Durable file operations. A file either exists whole or not at all: it is written under a
 * temporary name, flushed, renamed into place, and the directory is flushed so the rename itself
 * survives a power cut. Temporary names contain ".tmp-" and are swept when the spool opens.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const TEMP_MARK = '.tmp-';

/**
 * Everything in a spool is private to its owner: artifacts, signed files, requests and the event
 * log are nobody else's business on a shared build machine.
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** A fresh temporary name beside `path`, so a rename onto `path` stays within one filesystem. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `${TEMP_MARK}${basename(path)}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Our temporaries, and the engine's (it writes "<file>.partial-<pid>[-<thread>]" before its own rename). */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_MARK) || /\.partial-\d+(-\d+)?$/.test(name);
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a file's data to disk. */
export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `data` to `path` atomically and durably. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx', PRIVATE_FILE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  await fsyncDir(dirname(path));
}

/** Renames durably: both directories are flushed so the move cannot be half-done after a crash. */
export async function renameDurable(from: string, to: string): Promise<void> {
  await rename(from, to);
  await fsyncDir(dirname(to));
  if (dirname(from) !== dirname(to)) await fsyncDir(dirname(from));
}

/** mkdir -p (private), then flushes the parent so the new directory survives a crash. */
export async function mkdirDurable(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  if (created !== undefined) await fsyncDir(dirname(created));
}
