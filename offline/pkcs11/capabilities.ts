/**
 * What a token can do for each key type the signer uses, read from C_GetMechanismList and
 * C_GetMechanismInfo before anything is generated or signed: can it make such a key (the key
 * generation mechanism, and for RSA the modulus size within its range), and can it make every
 * signature such a key is asked for (SHA-256 always: v1, certificates; SHA-512 for RSA above 3072
 * bits, as apksigner chooses), by which mechanism.
 */
import { keyTypeName } from '../ceremony/key-spec.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { CK, ckmName } from './cryptoki.ts';
import { planSignature, withoutHashing } from './mechanisms.ts';
import type { SignatureHash } from './mechanisms.ts';
import { isSignerError } from '../errors.ts';
import type { MechanismInfo } from './slot.ts';

export type Capabilities = ReadonlyMap<number, MechanismInfo>;

export const KEY_TYPES: readonly KeyType[] = [
  { kind: 'rsa', bits: 3072 },
  { kind: 'rsa', bits: 4096 },
  { kind: 'ec', curve: 'p256' },
];

export interface KeyTypeVerdict {
  readonly keyType: KeyType;
  readonly usable: boolean;
  /** The key generation mechanism, when the token can make such a key. */
  readonly generate: string | undefined;
  /** How each signature is made, when it can be ("sha256: CKM_SHA256_RSA_PKCS"). */
  readonly sign: readonly string[];
  /** Why not, when not usable. */
  readonly problem: string | undefined;
}

/** The hashes a key of this type signs with: SHA-256 always, and SHA-512 for v2/v3 with RSA above 3072 bits. */
export function hashesFor(keyType: KeyType): SignatureHash[] {
  return keyType.kind === 'rsa' && keyType.bits > 3072 ? ['sha256', 'sha512'] : ['sha256'];
}

function inRange(info: MechanismInfo | undefined, bits: number): boolean {
  // A module reporting no range (0-0) says nothing either way.
  return info !== undefined && (info.maxKeySize === 0 || (info.minKeySize <= bits && bits <= info.maxKeySize));
}

function range(info: MechanismInfo): string {
  return `${info.minKeySize}-${info.maxKeySize}`;
}

/** Why the token cannot sign `hash` with a key of `keyType`; undefined if it can. */
/** `prehashed`: a digest the signer finished itself (OpenPGP), which only a mechanism that does not hash can sign. */
export function signProblem(caps: Capabilities, keyType: KeyType, hash: SignatureHash, prehashed = false): string | undefined {
  let plan;
  try {
    const offered = new Set(caps.keys());
    plan = planSignature(keyType, hash, prehashed ? withoutHashing(offered) : offered);
  } catch (error) {
    if (isSignerError(error, 'MECHANISM_UNSUPPORTED')) return `${error.message}; ${offered(caps)}`;
    throw error;
  }
  const info = caps.get(plan.mechanism.mechanism);
  if (info !== undefined && !info.canSign) return `the token lists ${ckmName(plan.mechanism.mechanism)} without CKF_SIGN; ${offered(caps)}`;
  if (keyType.kind === 'rsa' && !inRange(info, keyType.bits)) {
    return `${ckmName(plan.mechanism.mechanism)} takes RSA ${info === undefined ? '?' : range(info)} bits on this token, not ${keyType.bits}; ${offered(caps)}`;
  }
  return undefined;
}

/** How the token would sign `hash` with `keyType`, in words (for the verdict and the docs). */
export function signVia(caps: Capabilities, keyType: KeyType, hash: SignatureHash): string {
  return planSignature(keyType, hash, new Set(caps.keys())).via;
}

/** Why the token cannot make a key of `keyType`; undefined if it can. */
export function generateProblem(caps: Capabilities, keyType: KeyType): string | undefined {
  if (keyType.kind === 'rsa') {
    const gen = caps.get(CK.CKM_RSA_PKCS_KEY_PAIR_GEN);
    if (gen === undefined) return `the token does not offer CKM_RSA_PKCS_KEY_PAIR_GEN; ${offered(caps)}`;
    if (!inRange(gen, keyType.bits)) return `the token makes RSA keys of ${range(gen)} bits, not ${keyType.bits}; ${offered(caps)}`;
    return undefined;
  }
  const gen = caps.get(CK.CKM_EC_KEY_PAIR_GEN);
  if (gen === undefined) return `the token does not offer CKM_EC_KEY_PAIR_GEN; ${offered(caps)}`;
  return undefined;
}

/** The whole verdict for one key type: usable for the ceremony and for signing, or why not. */
export function keyTypeVerdict(caps: Capabilities, keyType: KeyType): KeyTypeVerdict {
  const problem = generateProblem(caps, keyType) ?? hashesFor(keyType).map((h) => signProblem(caps, keyType, h)).find((p) => p !== undefined);
  if (problem !== undefined) return { keyType, usable: false, generate: undefined, sign: [], problem };
  // Named here: CKM_EC_KEY_PAIR_GEN has the same value as its old name CKM_ECDSA_KEY_PAIR_GEN.
  const generate = keyType.kind === 'rsa' ? 'CKM_RSA_PKCS_KEY_PAIR_GEN' : 'CKM_EC_KEY_PAIR_GEN';
  return { keyType, usable: true, generate, sign: hashesFor(keyType).map((h) => `${h}: ${signVia(caps, keyType, h)}`), problem: undefined };
}

/** What the token offers for the signer's purposes, in one phrase ("RSA 512-4096 with CKM_RSA_PKCS only; no EC"). */
export function offered(caps: Capabilities): string {
  const parts: string[] = [];
  const rsaGen = caps.get(CK.CKM_RSA_PKCS_KEY_PAIR_GEN);
  const rsaSign = [CK.CKM_SHA256_RSA_PKCS, CK.CKM_SHA512_RSA_PKCS, CK.CKM_RSA_PKCS].filter((m) => caps.has(m)).map(ckmName);
  if (rsaGen === undefined && rsaSign.length === 0) parts.push('no RSA');
  else parts.push(`RSA ${rsaGen === undefined ? '(no key generation)' : range(rsaGen)} with ${rsaSign.length === 0 ? 'no PKCS#1 v1.5 signing' : rsaSign.join(', ')}${rsaSign.length === 1 ? ' only' : ''}`);
  const ecGen = caps.get(CK.CKM_EC_KEY_PAIR_GEN);
  const ecSign = [CK.CKM_ECDSA_SHA256, CK.CKM_ECDSA].filter((m) => caps.has(m)).map(ckmName);
  if (ecGen === undefined && ecSign.length === 0) parts.push('no EC');
  else parts.push(`EC ${ecGen === undefined ? '(no key generation)' : range(ecGen)} with ${ecSign.length === 0 ? 'no ECDSA' : ecSign.join(', ')}`);
  return `the token offers ${parts.join('; ')}`;
}

/** The verdict line `airsign-signer mechanisms` prints for a key type. */
export function verdictLine(v: KeyTypeVerdict): string {
  const name = keyTypeName(v.keyType).padEnd(9);
  return v.usable ? `${name} usable: yes (keygen ${v.generate}; ${v.sign.join('; ')})` : `${name} usable: no (${v.problem})`;
}
