/** Errors of certificate pinning. */
import { CodedError } from '../../protocol/coded-error.ts';

export type PinErrorCode = 'NOT_A_CERTIFICATE' | 'NOT_PINNED';

export class PinError extends CodedError<PinErrorCode> {
  override readonly name = 'PinError';
}
