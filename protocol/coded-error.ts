/**
 * The base of every typed error in airsign: a string-literal `code` that callers switch on (never
 * the message text), and an optional cause. Each part declares its own codes and class
 * (ProtocolError, SignerError, ApkError, ...), so a caller can tell whose refusal it is.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
