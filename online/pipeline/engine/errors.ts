/** Why a signed file was not accepted by verification. */
import { CodedError } from '../../../protocol/coded-error.ts';

export type VerificationErrorCode = 'OUR_VERIFIER_REFUSED' | 'OUTSIDE_TOOL_REFUSED';

export class VerificationError extends CodedError<VerificationErrorCode> {
  override readonly name = 'VerificationError';
}
