/** Errors of certificate pinning. */
export type PinErrorCode = 'NOT_A_CERTIFICATE' | 'NOT_PINNED';

export class PinError extends Error {
  override readonly name = 'PinError';
  readonly code: PinErrorCode;

  constructor(code: PinErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
