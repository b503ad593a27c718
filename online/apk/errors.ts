/**
 * The one error class of the APK/JAR engine. Callers switch on `code`, never on the message.
 * `entry` names the ZIP entry concerned, where there is one.
 */
import { CodedError } from '../../protocol/coded-error.ts';

export type ApkErrorCode =
  // The file and its ZIP structure
  | 'IO'
  | 'NOT_A_ZIP'
  | 'TRAILING_DATA'
  | 'UNEXPECTED_DATA'
  | 'MULTI_DISK'
  | 'BAD_OFFSET'
  | 'BAD_CENTRAL_DIRECTORY'
  | 'BAD_LOCAL_HEADER'
  | 'OVERLAPPING_ENTRIES'
  | 'DUPLICATE_ENTRY'
  | 'BAD_ENTRY_NAME'
  | 'TOO_LARGE'
  | 'INFLATED_TOO_LARGE'
  | 'COMPRESSION_RATIO'
  | 'UNSUPPORTED_COMPRESSION'
  | 'ENCRYPTED_ENTRY'
  | 'CORRUPT_ENTRY'
  | 'ZIP64_UNSUPPORTED'
  | 'BAD_SIGNING_BLOCK'
  // What is inside
  | 'NO_ANDROID_MANIFEST'
  | 'BAD_ANDROID_MANIFEST'
  | 'NOT_AN_INDEX_JAR'
  | 'BAD_INDEX'
  | 'INDEX_MISMATCH'
  // Signing
  | 'MIN_SDK_TOO_LOW'
  | 'BAD_SCHEMES'
  | 'INVALID_ITEM'
  | 'UNSUPPORTED_KEY'
  | 'BAD_SIGNATURE'
  | 'BAD_STATE'
  | 'INPUT_CHANGED'
  // Verification
  | 'NOT_SIGNED'
  | 'VERIFY_FAILED';

export class ApkError extends CodedError<ApkErrorCode> {
  override readonly name = 'ApkError';
  readonly entry: string | undefined;

  constructor(code: ApkErrorCode, message: string, options: { cause?: unknown; entry?: string } = {}) {
    super(code, message, options);
    this.entry = options.entry;
  }
}
