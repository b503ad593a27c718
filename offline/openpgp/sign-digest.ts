/**
 * The token signs a SHA-256 digest the signer finished itself (an OpenPGP hash resumed from a
 * midstate cannot be handed to a hashing mechanism): CKM_RSA_PKCS over the SHA-256 DigestInfo, or
 * CKM_ECDSA over the digest (raw r||s), whatever hashing mechanisms the token also offers.
 */
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import type { Handle } from '../pkcs11/cryptoki.ts';
import { planSignature, withoutHashing } from '../pkcs11/mechanisms.ts';
import type { TokenConnection } from '../pkcs11/token.ts';

export function signSha256Digest(token: TokenConnection, privateKey: Handle, keyType: KeyType, digest: Uint8Array): Uint8Array {
  const plan = planSignature(keyType, 'sha256', withoutHashing(token.mechanisms()));
  return token.session.sign(plan.mechanism, privateKey, plan.input(new Uint8Array(0), digest), plan.length);
}
