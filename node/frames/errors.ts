/** The one error class of node/frames (frame files, shared by both programs). Callers switch on `code`. */
import { CodedError } from '../../protocol/coded-error.ts';

export type FrameFileErrorCode = 'UNKNOWN_FORMAT' | 'OUTPUT_EXISTS' | 'NOT_A_DIRECTORY' | 'READ_FAILED' | 'TOO_MANY_FILES';

export class FrameFileError extends CodedError<FrameFileErrorCode> {
  override readonly name = 'FrameFileError';
}

export function isFrameFileError(e: unknown, code?: FrameFileErrorCode): e is FrameFileError {
  return e instanceof FrameFileError && (code === undefined || e.code === code);
}
