/** Errors of `airsign fdroid`: each names what is wrong with the repository and what to do. */
import { CodedError } from '../../protocol/coded-error.ts';

export type FdroidErrorCode =
  | 'NOT_A_REPO'
  | 'CONFIG_UNREADABLE'
  | 'NOT_INITIALISED'
  | 'CERT_MISMATCH'
  | 'INDEX_MISSING'
  | 'INDEX_FILE_MISSING'
  | 'BAD_INDEX_HASH'
  | 'BAD_INDEX_SIZE'
  | 'BAD_INDEX_JSON'
  | 'TIMESTAMP_NOT_RISING'
  | 'STALE_JAR'
  | 'NOTHING_TO_PUBLISH'
  | 'NOTHING_TO_SIGN'
  | 'BAD_APK_NAME'
  | 'NO_METADATA'
  | 'ALREADY_PUBLISHED'
  | 'NO_APP_KEY'
  | 'KEYALIAS_CHAIN'
  | 'KEYALIAS_COLLISION'
  | 'PACKAGE_MISMATCH'
  | 'NEW_APP_TWICE';

export class FdroidError extends CodedError<FdroidErrorCode> {
  override readonly name = 'FdroidError';
}
