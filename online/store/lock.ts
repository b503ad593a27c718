/**
 * One process at a time works a spool: node/lock.ts's directory lock (its comment gives the
 * stale-lock rule, the same as the signer's), refused as a StoreError LOCKED. A lock whose process
 * is gone (killed, crashed) is taken over, which is what lets the pipeline resume after `kill -9`.
 */
import { isLockError, lockDir } from '../../node/lock.ts';
import { StoreError } from './errors.ts';

export interface SpoolLock {
  release(): Promise<void>;
}

export async function acquireLock(dir: string): Promise<SpoolLock> {
  try {
    return await lockDir(dir);
  } catch (error) {
    if (!isLockError(error)) throw error;
    const by = error.self ? 'this process' : error.owner > 0 ? `process ${error.owner}` : 'another process';
    throw new StoreError('LOCKED', `the spool ${dir} is in use by ${by}`, { cause: error });
  }
}
