/**
 * The one durable writer of airsign, in a sync and an async form. A file either exists whole or
 * not at all: it is written under a fresh temporary name beside its target (random, so two
 * writers, processes or threads, never share one), flushed, renamed into place, and the directory
 * is flushed so the rename itself survives a power cut. Every state, spool, output and frame file
 * of both programs is written through here.
 *
 * `exclusive` refuses to replace an existing file (EEXIST, as open's 'wx' flag would): the
 * temporary is hard-linked to the target, which fails if the target exists. On a filesystem
 * without hard links (FAT on a USB stick) it falls back to a check then a rename.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { link, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Every temporary name holds this, so a sweep (the spool's, on open) finds the leftovers of a crash. */
export const TEMP_MARK = '.tmp-';

export interface DurableWriteOptions {
  /** File mode of a new file (default 0600: everything airsign keeps is its owner's). */
  readonly mode?: number;
  /**
   * false skips syncing the directory: after a crash the file is then either the new content or
   * the old, but possibly the old even though the call returned. Only for files where an older
   * version is harmless (the audit anchor).
   */
  readonly syncDir?: boolean;
  /** Refuse (EEXIST) rather than replace an existing file. */
  readonly exclusive?: boolean;
}

/** A fresh temporary name beside `path`, so a rename onto `path` stays within one filesystem. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `${TEMP_MARK}${basename(path)}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

function exists(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST', path });
}

export function syncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Opens `path` (`flags`: 'r' for a directory, 'r+' for a file), flushes it to disk, closes it. */
async function flush(path: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function syncDir(dir: string): Promise<void> {
  await flush(dir, 'r');
}

/** Moves a flushed temporary onto its target (sync form). */
function placeSync(temp: string, path: string, exclusive: boolean): void {
  if (!exclusive) return renameSync(temp, path);
  try {
    linkSync(temp, path);
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    if (existsSync(path)) throw exists(path);
    return renameSync(temp, path);
  }
  unlinkSync(temp);
}

async function place(temp: string, path: string, exclusive: boolean): Promise<void> {
  if (!exclusive) return rename(temp, path);
  try {
    await link(temp, path);
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    if (await stat(path).then(() => true, () => false)) throw exists(path);
    return rename(temp, path);
  }
  await unlink(temp);
}

/** Writes `data` to `path` atomically and durably; throws the filesystem's own error. */
export function writeFileDurableSync(path: string, data: Uint8Array | string, options: DurableWriteOptions = {}): void {
  const file = new DurableFile(path, options);
  try {
    file.write(bytesOf(data));
  } catch (error) {
    file.abandon();
    throw error;
  }
  file.commit();
}

/** Writes `data` to `path` atomically and durably; throws the filesystem's own error. */
export async function writeFileDurable(path: string, data: Uint8Array | string, options: DurableWriteOptions = {}): Promise<void> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx', options.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await place(temp, path, options.exclusive === true);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
  if (options.syncDir !== false) await syncDir(dirname(path));
}

/** Flushes a file written some other way (a streamed upload) before it is renamed into place. */
export async function syncFile(path: string): Promise<void> {
  await flush(path, 'r+');
}

/** mkdir -p (private by default), then flushes the parent so the new directory survives a crash. */
export async function mkdirDurable(dir: string, mode = 0o700): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode });
  if (created !== undefined) await syncDir(dirname(created));
}

/**
 * Moves a temporary file written some other way (a stream) into place durably: flushed, renamed
 * (or, `exclusive`, refused with EEXIST when the target exists), its directory flushed.
 */
export async function placeDurable(temp: string, path: string, options: DurableWriteOptions = {}): Promise<void> {
  try {
    await syncFile(temp);
    await place(temp, path, options.exclusive === true);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (options.syncDir !== false) await syncDir(dirname(path));
}

/** Renames durably: both directories are flushed so the move cannot be half-done after a crash. */
export async function renameDurable(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncDir(dirname(to));
  if (dirname(from) !== dirname(to)) await syncDir(dirname(from));
}

/**
 * A file written in pieces (a signed APK), under a temporary name until commit() flushes it and
 * moves it into place, so a crash never leaves half a file under the final name.
 */
export class DurableFile {
  readonly tempPath: string;
  private fd: number | undefined;

  constructor(
    readonly path: string,
    private readonly options: DurableWriteOptions = {},
  ) {
    this.tempPath = tempPathFor(path);
    this.fd = openSync(this.tempPath, 'wx', options.mode ?? 0o600);
  }

  /** Writes all of `bytes` at the end of the file. */
  write(bytes: Uint8Array): void {
    if (this.fd === undefined) throw new Error(`${this.path}: the file is already committed or abandoned`);
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
  }

  /** Flushes, closes and moves the file into place, then flushes its directory. */
  commit(): void {
    if (this.fd === undefined) throw new Error(`${this.path}: the file is already committed or abandoned`);
    const fd = this.fd;
    try {
      fsyncSync(fd);
      this.fd = undefined;
      closeSync(fd);
      placeSync(this.tempPath, this.path, this.options.exclusive === true);
    } catch (error) {
      this.abandon();
      throw error;
    }
    if (this.options.syncDir !== false) syncDirSync(dirname(this.path));
  }

  /** Gives up: the temporary file is removed. */
  abandon(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    rmSync(this.tempPath, { force: true });
  }
}
