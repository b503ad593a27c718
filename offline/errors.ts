/**
 * The one error class of the offline signer. Callers (the CLI, the signer page, tests) switch on
 * `code`, never on the message text. `ckr` carries the PKCS#11 return value where one caused it;
 * `reason`, on a refusal of what came over the link (BAD_REQUEST), the link's own code
 * (INCOMPLETE, TOO_LARGE, a protocol or optical code), which the error message sent back carries.
 */
import { CodedError } from '../protocol/coded-error.ts';

export type SignerErrorCode =
  // the operator's command line and files
  | 'USAGE'
  | 'IO'
  | 'BAD_URI'
  | 'PIN_IN_URI'
  | 'BAD_SUBJECT'
  // PIN
  | 'PIN_MISSING'
  | 'PIN_INVALID'
  | 'PIN_INCORRECT'
  | 'PIN_LOCKED'
  | 'PIN_FILE_READABLE'
  // module, token, keys
  | 'MODULE_LOAD_FAILED'
  | 'TOKEN_NOT_FOUND'
  | 'TOKEN_AMBIGUOUS'
  | 'TOKEN_REMOVED'
  | 'TOKEN_ERROR'
  | 'KEY_NOT_FOUND'
  | 'KEY_AMBIGUOUS'
  | 'KEY_EXISTS'
  | 'MECHANISM_UNSUPPORTED'
  | 'KEY_INSECURE'
  // policy and state
  | 'POLICY_INVALID'
  | 'UNATTENDED_NOT_ALLOWED'
  | 'STATE_LOCKED'
  | 'STATE_CORRUPT'
  // audit log
  | 'AUDIT_CORRUPT'
  | 'AUDIT_TRUNCATED'
  | 'AUDIT_MISSING'
  | 'AUDIT_ANCHOR_MISSING'
  | 'AUDIT_ANCHOR_INVALID'
  | 'AUDIT_STATE_MISMATCH'
  // the link
  | 'BAD_REQUEST'
  | 'NOT_A_REQUEST'
  // the machine
  | 'NETWORK_UP';

export class SignerError extends CodedError<SignerErrorCode> {
  override readonly name = 'SignerError';
  /** The PKCS#11 CK_RV behind this error, if any. */
  readonly ckr: number | undefined;
  /** The link's code behind a BAD_REQUEST (INCOMPLETE, TOO_LARGE, SCHEMA, BAD_Y4M, ...), if any. */
  readonly reason: string | undefined;

  constructor(code: SignerErrorCode, message: string, options: { cause?: unknown; ckr?: number; reason?: string } = {}) {
    super(code, message, options);
    this.ckr = options.ckr;
    this.reason = options.reason;
  }
}

export function isSignerError(e: unknown, code?: SignerErrorCode): e is SignerError {
  return e instanceof SignerError && (code === undefined || e.code === code);
}
