/**
 * One process at a time works a spool. The lock is a file holding the owner's pid, created
 * exclusively; a lock whose process is gone (killed, crashed) is taken over, which is what lets
 * the pipeline resume after `kill -9`.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_FILE } from './atomic.ts';
import { StoreError } from './errors.ts';

export interface SpoolLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', PRIVATE_FILE);
    try {
      await handle.writeFile(`${process.pid}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export async function acquireLock(dir: string): Promise<SpoolLock> {
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path)) {
      return { release: () => rm(path, { force: true }) };
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(owner) && owner > 0 && (owner === process.pid || alive(owner))) {
      throw new StoreError('LOCKED', `the spool ${dir} is in use by process ${owner}`);
    }
    // The owner is gone (or the file is empty from a crash mid-create): take the lock over.
    await rm(path, { force: true });
  }
  throw new StoreError('LOCKED', `could not take the lock of the spool ${dir}`);
}
