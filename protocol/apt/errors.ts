/**
 * Why a file is not a Release file the signer will sign. Each code names one thing wrong, so the
 * review and the online side can say exactly what (the detail names the line).
 */
import { CodedError } from '../coded-error.ts';

export type ReleaseProblem =
  | 'TOO_LARGE'
  | 'NOT_UTF8'
  | 'BAD_CHARACTER'
  | 'GARBLED_FIELD'
  | 'DUPLICATE_FIELD'
  | 'NOT_ONE_PARAGRAPH'
  | 'NO_DATE'
  | 'BAD_DATE'
  | 'NO_SUITE'
  | 'BAD_VALUE'
  | 'NO_CHECKSUMS'
  | 'BAD_CHECKSUM_LINE'
  | 'SIGNED_ALREADY';

export class ReleaseFileError extends CodedError<ReleaseProblem> {
  override readonly name = 'ReleaseFileError';
  /** The line (1-based) the problem is on, when there is one. */
  readonly line: number | undefined;

  constructor(code: ReleaseProblem, message: string, line?: number) {
    super(code, line === undefined ? message : `line ${line}: ${message}`);
    this.line = line;
  }
}

export function isReleaseFileError(e: unknown, code?: ReleaseProblem): e is ReleaseFileError {
  return e instanceof ReleaseFileError && (code === undefined || e.code === code);
}
