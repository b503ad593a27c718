/**
 * Which Cryptoki mechanism makes which signature. RSA PKCS#1 v1.5 hashes inside the token
 * (CKM_SHA*_RSA_PKCS) where the token offers that; a token with only CKM_RSA_PKCS (opencryptoki's
 * software token) is given a DigestInfo we build from our own hash, which yields the very same
 * signature (PKCS#1 v1.5 is deterministic). ECDSA uses CKM_ECDSA_SHA256 when the token has it,
 * otherwise we hash and the token signs the digest with CKM_ECDSA (SoftHSM2 has only the latter).
 * ECDSA comes back as r||s; the caller turns it into DER where the artifact wants DER. The bytes
 * to be signed are always built by the signer: only where the hashing happens moves.
 */
import { createHash } from 'node:crypto';
import { SignerError } from '../errors.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { CK, ckmName } from './cryptoki.ts';
import type { Mechanism } from './cryptoki.ts';

export type SignatureHash = 'sha1' | 'sha256' | 'sha512';

export interface SignPlan {
  readonly mechanism: Mechanism;
  /** What the token is given: the data itself, or our digest of it (`digest`, when the caller already has it). */
  readonly input: (data: Uint8Array, digest?: Uint8Array) => Uint8Array;
  /** Size of the signature the token returns. */
  readonly length: number;
  /** How, in words: "CKM_SHA256_RSA_PKCS", "CKM_RSA_PKCS over a SHA-256 DigestInfo built by the signer". */
  readonly via: string;
}

const RSA: Record<SignatureHash, number> = {
  sha1: CK.CKM_SHA1_RSA_PKCS,
  sha256: CK.CKM_SHA256_RSA_PKCS,
  sha512: CK.CKM_SHA512_RSA_PKCS,
};

const ECDSA_WITH_HASH: Record<SignatureHash, number> = {
  sha1: CK.CKM_ECDSA_SHA1,
  sha256: CK.CKM_ECDSA_SHA256,
  sha512: CK.CKM_ECDSA_SHA512,
};

/**
 * Every mechanism the signer may use: key generation (the ceremony) and each signing plan below,
 * fallbacks included. The `mechanisms` command marks these in the token's list.
 */
export const USED_MECHANISMS: ReadonlySet<number> = new Set([
  CK.CKM_RSA_PKCS_KEY_PAIR_GEN,
  CK.CKM_EC_KEY_PAIR_GEN,
  ...Object.values(RSA),
  CK.CKM_RSA_PKCS,
  ...Object.values(ECDSA_WITH_HASH),
  CK.CKM_ECDSA,
]);

/** DER of DigestInfo up to the digest itself (RFC 8017 section 9.2, note 1). */
const DIGEST_INFO_PREFIX: Record<SignatureHash, Buffer> = {
  sha1: Buffer.from('3021300906052b0e03021a05000414', 'hex'),
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

const DIGEST_LENGTH: Record<SignatureHash, number> = { sha1: 20, sha256: 32, sha512: 64 };

const same = (data: Uint8Array) => data;

function digestOf(hash: SignatureHash, data: Uint8Array, digest: Uint8Array | undefined): Uint8Array {
  if (digest !== undefined) {
    if (digest.length !== DIGEST_LENGTH[hash]) throw new SignerError('TOKEN_ERROR', `a ${hash} digest is ${DIGEST_LENGTH[hash]} bytes, got ${digest.length}`);
    return digest;
  }
  return createHash(hash).update(data).digest();
}

/** The DigestInfo CKM_RSA_PKCS is given for `hash` of some data: what CKM_SHA*_RSA_PKCS builds inside the token. */
export function digestInfo(hash: SignatureHash, digest: Uint8Array): Uint8Array {
  return Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]);
}

/**
 * The offered mechanisms less those that hash inside the token: for a digest the signer finished
 * itself (an OpenPGP hash resumed from a midstate), which only CKM_RSA_PKCS or CKM_ECDSA can sign.
 */
export function withoutHashing(available: ReadonlySet<number>): ReadonlySet<number> {
  const hashing = new Set<number>([...Object.values(RSA), ...Object.values(ECDSA_WITH_HASH)]);
  return new Set([...available].filter((m) => !hashing.has(m)));
}

/** Chooses the mechanism for `key` and `hash` among what the token offers. */
export function planSignature(key: KeyType, hash: SignatureHash, available: ReadonlySet<number>): SignPlan {
  if (key.kind === 'rsa') {
    const length = Math.ceil(key.bits / 8);
    const mechanism = RSA[hash];
    if (available.has(mechanism)) return { mechanism: { mechanism }, input: same, length, via: ckmName(mechanism) };
    if (!available.has(CK.CKM_RSA_PKCS)) {
      throw new SignerError('MECHANISM_UNSUPPORTED', `the token offers neither ${ckmName(mechanism)} nor CKM_RSA_PKCS`);
    }
    return {
      mechanism: { mechanism: CK.CKM_RSA_PKCS },
      input: (data, digest) => digestInfo(hash, digestOf(hash, data, digest)),
      length,
      via: `CKM_RSA_PKCS over a ${hash.toUpperCase()} DigestInfo built by the signer`,
    };
  }
  const length = 64; // P-256: r and s of 32 bytes each
  const hashing = ECDSA_WITH_HASH[hash];
  if (available.has(hashing)) return { mechanism: { mechanism: hashing }, input: same, length, via: ckmName(hashing) };
  if (!available.has(CK.CKM_ECDSA)) throw new SignerError('MECHANISM_UNSUPPORTED', `the token offers neither ${ckmName(hashing)} nor CKM_ECDSA`);
  return {
    mechanism: { mechanism: CK.CKM_ECDSA },
    input: (data, digest) => digestOf(hash, data, digest),
    length,
    via: `CKM_ECDSA over a ${hash.toUpperCase()} digest made by the signer`,
  };
}
