/** Errors of `airsign audit check`: each way an exported offline audit log can fail the heads the online side received. */
import { CodedError } from '../../protocol/coded-error.ts';

export type AuditCheckErrorCode =
  /** The exported log cannot be read, or a line is not a record. */
  | 'AUDIT_LOG_UNREADABLE'
  /** A record's hash, sequence or link to the one before is wrong. */
  | 'AUDIT_CHAIN_BROKEN'
  /** The log ends before a head a response carried: records were cut off, or the log rolled back. */
  | 'AUDIT_HEAD_MISSING'
  /** The record at a response's head has another hash: the log was rewritten. */
  | 'AUDIT_HEAD_MISMATCH'
  /** A response signed items the log has no signed record of. */
  | 'AUDIT_REQUEST_MISSING'
  /** Nothing to check against: no session holds a response. */
  | 'AUDIT_NO_HEADS';

export class AuditCheckError extends CodedError<AuditCheckErrorCode> {
  override readonly name = 'AuditCheckError';
}
