/**
 * The one directory lock of airsign (the signer's state directory, the online spool), in a sync
 * and an async form: a file `lock` in the directory, created exclusively and holding the owner's
 * pid, flushed to disk with its directory.
 *
 * The stale-lock rule, the same on both sides:
 * - a lock this process holds is refused (a second opener in one process is a bug, or two
 *   commands sharing one process: either way not two writers of one directory);
 * - a lock naming a live process other than this one is refused;
 * - anything else is stale and taken over: the pid of a process that no longer runs (killed,
 *   crashed: what lets the pipeline and the signer resume after `kill -9`), an empty or garbled
 *   file (a crash mid-create), and this process's own pid when this process does not hold the
 *   lock. That last case is a lock left by an earlier process that had the same pid: after a
 *   reboot, or in a container where the program always runs as pid 1, it is the common case, and
 *   refusing it would wedge the directory for good. The in-process registry below is what tells
 *   "held by me" from "left by a former me" (on the main thread; a worker thread refuses its own
 *   pid, since the lock may be a sibling thread's).
 */
import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { CodedError } from '../protocol/coded-error.ts';
import { syncDir, syncDirSync } from './durable.ts';

export type LockErrorCode = 'LOCKED';

/** A refused lock. `owner`: the pid of the live process that holds it (this one, when `self`). */
export class LockError extends CodedError<LockErrorCode> {
  override readonly name = 'LockError';

  constructor(
    message: string,
    readonly owner: number,
    readonly self: boolean,
  ) {
    super('LOCKED', message);
  }
}

export function isLockError(e: unknown): e is LockError {
  return e instanceof LockError;
}

/** Lock files this process holds. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The live owner that refuses the lock, or undefined when the lock file is stale. This process's
 * own pid is stale only on the main thread: a worker thread cannot see the main thread's registry
 * (each thread has its own), so there the lock may be held by a sibling thread and is refused.
 */
function liveOwner(text: string): number | undefined {
  const owner = Number(text.trim());
  if (!Number.isSafeInteger(owner) || owner <= 0) return undefined;
  if (owner === process.pid) return isMainThread ? undefined : owner;
  return alive(owner) ? owner : undefined;
}

function refuse(dir: string, owner: number, self = owner === process.pid): LockError {
  return new LockError(self ? `${dir} is already locked by this process` : `${dir} is locked by process ${owner}`, owner, self);
}

const ATTEMPTS = 3;

/** Takes the lock of `dir` (sync form); release() gives it back. */
export function lockDirSync(dir: string): { release(): void } {
  const path = join(dir, 'lock');
  if (held.has(path)) throw refuse(dir, process.pid, true);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        // gone meanwhile: try again
      }
      const owner = liveOwner(text);
      if (owner !== undefined) throw refuse(dir, owner);
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    syncDirSync(dir);
    held.add(path);
    return {
      release() {
        if (!held.delete(path)) return;
        rmSync(path, { force: true });
      },
    };
  }
  throw new LockError(`cannot lock ${dir}`, 0, false);
}

/** Takes the lock of `dir` (async form); release() gives it back. */
export async function lockDir(dir: string): Promise<{ release(): Promise<void> }> {
  const path = join(dir, 'lock');
  if (held.has(path)) throw refuse(dir, process.pid, true);
  // Reserved before the first await: a second opener in this process is refused even meanwhile.
  held.add(path);
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      let handle;
      try {
        handle = await open(path, 'wx', 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = liveOwner(await readFile(path, 'utf8').catch(() => ''));
        if (owner !== undefined) throw refuse(dir, owner);
        await rm(path, { force: true });
        continue;
      }
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await syncDir(dir);
      return {
        async release() {
          if (!held.delete(path)) return;
          await rm(path, { force: true });
        },
      };
    }
    throw new LockError(`cannot lock ${dir}`, 0, false);
  } catch (error) {
    held.delete(path);
    throw error;
  }
}
