/** The one error class of online/frames (frame files). Callers switch on `code`. */
import { CodedError } from '../../protocol/coded-error.ts';

export type FrameFileErrorCode = 'UNKNOWN_FORMAT' | 'OUTPUT_EXISTS' | 'NOT_A_DIRECTORY' | 'READ_FAILED';

export class FrameFileError extends CodedError<FrameFileErrorCode> {
  override readonly name = 'FrameFileError';
}
