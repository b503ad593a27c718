/** The one error class of online/attest. */
import { CodedError } from '../../protocol/coded-error.ts';

export type AttestErrorCode = 'ATTEST_KEY' | 'ATTEST_INPUT' | 'APPROVE_NO_REQUEST' | 'APPROVE_SSH_KEYGEN' | 'APPROVE_DECLINED' | 'APPROVE_SIGNATURE';

export class AttestError extends CodedError<AttestErrorCode> {
  override readonly name = 'AttestError';
}
