/** Errors of the one-person session commands. */
export type SessionErrorCode = 'NAME_CLASH' | 'NOTHING_TO_DO' | 'ARTIFACTS_FAILED' | 'BAD_BATCH_CAP';

export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly code: SessionErrorCode;

  constructor(code: SessionErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
