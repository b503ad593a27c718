/**
 * A detached OpenPGP signature packet over a file the signer never sees: from the file's hash state
 * (protocol/openpgp/detached.ts), with the key's OpenPGP form at the creation time the state
 * directory keeps. Not yet reachable from a request: the `openpgp` kind is the next step.
 */
import { finishDetachedHash, signaturePacket } from '../../protocol/openpgp/index.ts';
import type { FileHashState } from '../../protocol/openpgp/index.ts';
import { SignerError } from '../errors.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import { openPgpKeyOf } from './export-certificate.ts';
import { signSha256Digest } from './sign-digest.ts';

export function signDetached(token: TokenConnection, key: TokenKey, keyCreated: number, state: FileHashState, created: number): Uint8Array {
  if (key.privateKey === undefined || key.keyType === undefined) throw new SignerError('KEY_NOT_FOUND', `key "${key.label}" has no private key this signer can use on the token`);
  const { signature, digest } = finishDetachedHash(state, openPgpKeyOf(key, keyCreated), created);
  return signaturePacket(signature, digest, signSha256Digest(token, key.privateKey, key.keyType, digest));
}
