/** The one error class of the spool. Callers switch on `code`. */
export type StoreErrorCode =
  /** Another live process holds the spool's lock. */
  | 'LOCKED'
  /** The directory is not a spool, or one of a newer layout. */
  | 'NOT_A_SPOOL'
  /** A record on disk does not parse; the spool was changed by hand or the disk is failing. */
  | 'CORRUPT_RECORD'
  | 'NOT_FOUND'
  | 'EXISTS';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
