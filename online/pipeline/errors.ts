/** Errors of the pipeline: refusals of a response or a submission, each with a stable code. */
import { CodedError } from '../../protocol/coded-error.ts';

export type PipelineErrorCode =
  /** The response file does not decode (truncated, corrupted, not a message file). */
  | 'RESPONSE_UNREADABLE'
  /** A message of another kind (a request, a certificate) where a response was expected. */
  | 'RESPONSE_WRONG_KIND'
  /** The response quotes no request of this spool. */
  | 'RESPONSE_FOREIGN'
  /** The response's session was answered already. */
  | 'RESPONSE_REPLAYED'
  /** The response's session is no longer open (failed). */
  | 'SESSION_CLOSED'
  /** The results do not match the request's items one for one. */
  | 'RESPONSE_MISMATCH'
  /** A signature does not verify against the pinned certificate. */
  | 'RESPONSE_BAD_SIGNATURE'
  /** No session of this spool has that id. */
  | 'NO_SUCH_SESSION'
  /** A submission names a certificate that is not pinned. */
  | 'UNKNOWN_KEY'
  /** A submission is malformed (file name, schemes). */
  | 'BAD_SUBMISSION'
  /** A record lacks what its next step needs (its kind, its engine state). */
  | 'LOST_STATE';

export class PipelineError extends CodedError<PipelineErrorCode> {
  override readonly name = 'PipelineError';
  /** The session a response was refused for, when it names one of this spool. */
  readonly session: string | undefined;

  constructor(code: PipelineErrorCode, message: string, options: { cause?: unknown; session?: string } = {}) {
    super(code, message, options);
    this.session = options.session;
  }
}

export function isPipelineError(e: unknown, code?: PipelineErrorCode): e is PipelineError {
  return e instanceof PipelineError && (code === undefined || e.code === code);
}
