/**
 * One signer at a time per state directory: two processes appending to one hash chain, or both
 * raising the same version floor, would corrupt what the log and the policy state promise.
 * The lock file holds the owner's pid; a lock left by a process that no longer runs is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SignerError } from '../errors.ts';

export interface StateLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks this process holds: a second opener in the same process is refused too. */
const held = new Set<string>();

export function lockStateDir(dir: string): StateLock {
  const path = join(dir, 'lock');
  if (held.has(path)) throw new SignerError('STATE_LOCKED', `${dir} is already in use by this process`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(path);
      return {
        release() {
          if (!held.delete(path)) return;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new SignerError('IO', `cannot create ${path}`, { cause: error });
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new SignerError('STATE_LOCKED', `another signer (pid ${owner}) is using ${dir}`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new SignerError('STATE_LOCKED', `cannot lock ${dir}`);
}
