/** Why `airsign apt sign` or its install step stopped. */
import { CodedError } from '../../protocol/coded-error.ts';

export type AptErrorCode =
  | 'NO_RELEASE'
  | 'NOT_A_RELEASE'
  | 'KEY_UNREADABLE'
  | 'KEY_MISMATCH'
  | 'CERT_NEEDED'
  | 'NO_OPENPGP_KEY'
  | 'MISSING_SIGNATURE'
  | 'RELEASE_CHANGED'
  | 'BAD_OUTPUT';

export class AptError extends CodedError<AptErrorCode> {
  override readonly name = 'AptError';
}
