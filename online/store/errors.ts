/** The one error class of the spool. Callers switch on `code`. */
import { CodedError } from '../../protocol/coded-error.ts';

export type StoreErrorCode =
  /** Another live process holds the spool's lock. */
  | 'LOCKED'
  /** The directory is not a spool, or one of a newer layout. */
  | 'NOT_A_SPOOL'
  /** A record on disk does not parse; the spool was changed by hand or the disk is failing. */
  | 'CORRUPT_RECORD'
  | 'NOT_FOUND'
  | 'EXISTS';

export class StoreError extends CodedError<StoreErrorCode> {
  override readonly name = 'StoreError';
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
