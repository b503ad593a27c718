/**
 * The token signs a SHA-256 digest the signer finished itself (an OpenPGP hash resumed from a
 * midstate cannot be handed to a hashing mechanism): CKM_RSA_PKCS over the SHA-256 DigestInfo, or
 * CKM_ECDSA over the digest (raw r||s), whatever hashing mechanisms the token also offers.
 */
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { CK } from '../pkcs11/cryptoki.ts';
import type { Handle } from '../pkcs11/cryptoki.ts';
import { planSignature } from '../pkcs11/mechanisms.ts';
import type { TokenConnection } from '../pkcs11/token.ts';

const HASHING = new Set<number>([CK.CKM_SHA256_RSA_PKCS, CK.CKM_ECDSA_SHA256]);

export function signSha256Digest(token: TokenConnection, privateKey: Handle, keyType: KeyType, digest: Uint8Array): Uint8Array {
  const offered = new Set([...token.mechanisms()].filter((m) => !HASHING.has(m)));
  const plan = planSignature(keyType, 'sha256', offered);
  return token.session.sign(plan.mechanism, privateKey, plan.input(new Uint8Array(0), digest), plan.length);
}
