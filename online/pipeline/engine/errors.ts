/** Why a signed file was not accepted by verification. */
export type VerificationErrorCode = 'OUR_VERIFIER_REFUSED' | 'OUTSIDE_TOOL_REFUSED';

export class VerificationError extends Error {
  override readonly name = 'VerificationError';
  readonly code: VerificationErrorCode;

  constructor(code: VerificationErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
