/** Errors of the drop-off and pick-up server. Each maps to one HTTP status. */
import { CodedError } from '../../protocol/coded-error.ts';

export type ServerErrorCode =
  | 'BAD_CONFIG'
  | 'NO_CLIENT_CERTIFICATE'
  | 'UNKNOWN_CLIENT'
  | 'REVOKED_CLIENT'
  | 'NOT_OPERATOR'
  | 'NOT_APPROVER'
  | 'KEY_NOT_ALLOWED'
  | 'PACKAGE_NOT_ALLOWED'
  | 'TOO_LARGE'
  | 'TRUNCATED'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'NOT_READY'
  | 'METHOD_NOT_ALLOWED'
  | 'TOO_MANY_CONNECTIONS'
  | 'TOO_MANY_UPLOADS'
  | 'UPLOAD_QUOTA'
  | 'TOO_SLOW';

const STATUS: Record<ServerErrorCode, number> = {
  BAD_CONFIG: 500,
  NO_CLIENT_CERTIFICATE: 401,
  UNKNOWN_CLIENT: 403,
  REVOKED_CLIENT: 403,
  NOT_OPERATOR: 403,
  NOT_APPROVER: 403,
  KEY_NOT_ALLOWED: 403,
  PACKAGE_NOT_ALLOWED: 403,
  TOO_LARGE: 413,
  TRUNCATED: 400,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  NOT_READY: 409,
  METHOD_NOT_ALLOWED: 405,
  TOO_MANY_CONNECTIONS: 429,
  TOO_MANY_UPLOADS: 429,
  UPLOAD_QUOTA: 429,
  TOO_SLOW: 408,
};

export class ServerError extends CodedError<ServerErrorCode> {
  override readonly name = 'ServerError';
  readonly status: number;
  /** Sent as Retry-After, where waiting is the remedy. */
  readonly retryAfterSeconds: number | undefined;
  /** The code of the part that refused (the APK engine's, for an artifact it cannot read). */
  readonly reason: string | undefined;

  constructor(code: ServerErrorCode, message: string, options: { cause?: unknown; retryAfterSeconds?: number; reason?: string } = {}) {
    super(code, message, options);
    this.status = STATUS[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reason = options.reason;
  }
}
