/** Errors of the one-person session commands. */
import { CodedError } from '../../protocol/coded-error.ts';

export type SessionErrorCode = 'NAME_CLASH' | 'NOTHING_TO_DO' | 'ARTIFACTS_FAILED' | 'BAD_BATCH_CAP' | 'ARTIFACT_NOT_FOUND' | 'CERT_NEEDED' | 'ALREADY_SIGNED';

export class SessionError extends CodedError<SessionErrorCode> {
  override readonly name = 'SessionError';
}
