/** Why an OpenPGP step on the online side failed. */
import { CodedError } from '../../protocol/coded-error.ts';

export type OpenPgpErrorCode =
  /** The --key file is not an OpenPGP certificate this side reads. */
  | 'BAD_KEY_FILE'
  /** No certificate given or pinned has the --key file's public key. */
  | 'KEY_NOT_MATCHED'
  /** The key's OpenPGP creation time differs from the one pinned before: another export of another key. */
  | 'KEY_CHANGED'
  /** The signature file is not one detached v4 signature this side reads. */
  | 'BAD_SIGNATURE_FILE'
  /** The signature does not verify over the file with the key. */
  | 'BAD_SIGNATURE';

export class OpenPgpError extends CodedError<OpenPgpErrorCode> {
  override readonly name = 'OpenPgpError';
}
