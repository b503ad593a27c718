/** The one error class of online/frames (frame files). Callers switch on `code`. */
export type FrameFileErrorCode = 'UNKNOWN_FORMAT' | 'OUTPUT_EXISTS' | 'NOT_A_DIRECTORY' | 'READ_FAILED';

export class FrameFileError extends Error {
  override readonly name = 'FrameFileError';
  readonly code: FrameFileErrorCode;

  constructor(code: FrameFileErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
