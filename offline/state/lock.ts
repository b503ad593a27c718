/**
 * One signer at a time per state directory: two processes appending to one hash chain, or both
 * raising the same version floor, would corrupt what the log and the policy state promise.
 * node/lock.ts's directory lock (its comment gives the stale-lock rule, the same as the spool's),
 * refused as a SignerError STATE_LOCKED.
 */
import { isLockError, lockDirSync } from '../../node/lock.ts';
import { SignerError } from '../errors.ts';

export interface StateLock {
  release(): void;
}

export function lockStateDir(dir: string): StateLock {
  try {
    return lockDirSync(dir);
  } catch (error) {
    if (isLockError(error)) {
      const message = error.self ? `${dir} is already in use by this process` : error.owner > 0 ? `another signer (pid ${error.owner}) is using ${dir}` : `cannot lock ${dir}`;
      throw new SignerError('STATE_LOCKED', message, { cause: error });
    }
    throw new SignerError('IO', `cannot create ${dir}/lock`, { cause: error });
  }
}
