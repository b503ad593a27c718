/**
 * The one error class of protocol/. Callers switch on `code`, never on the message text.
 * `fields` names what failed validation, where that is known.
 */
import { CodedError } from './coded-error.ts';

export type ProtocolErrorCode =
  | 'BAD_ARGUMENT'
  | 'USAGE'
  | 'TRUNCATED'
  | 'TRAILING_BYTES'
  | 'NON_CANONICAL'
  | 'DUPLICATE_KEY'
  | 'TOO_LARGE'
  | 'TOO_DEEP'
  | 'BAD_TYPE'
  | 'SCHEMA'
  | 'UNKNOWN_VERSION'
  | 'UNKNOWN_KIND'
  | 'DECOMPRESS_LIMIT'
  | 'DECOMPRESS_FAILED'
  | 'DIGEST_MISMATCH'
  | 'BAD_MAGIC'
  | 'BAD_CHECKSUM'
  | 'FOREIGN_SESSION'
  | 'BAD_FRAME'
  | 'INCOMPLETE'
  | 'FOUNTAIN_NOT_READY'
  | 'UNSUPPORTED'
  | 'BAD_SIGNATURE_FILE';

export class ProtocolError extends CodedError<ProtocolErrorCode> {
  override readonly name = 'ProtocolError';
  readonly fields: readonly string[];

  constructor(code: ProtocolErrorCode, message: string, options: { cause?: unknown; fields?: readonly string[] } = {}) {
    super(code, message, options);
    this.fields = options.fields ?? [];
  }
}

export function isProtocolError(e: unknown, code?: ProtocolErrorCode): e is ProtocolError {
  return e instanceof ProtocolError && (code === undefined || e.code === code);
}
