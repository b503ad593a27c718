/**
 * The to-be-signed bytes of the two Android signature rounds, shared by the APK and the JAR kind:
 * v1 (PKCS#7 signed attributes over the .SF digest) and v2/v3 (the APK Signature Scheme's signed
 * data over the content digest).
 */
import { toHex } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { contentDigestAlgorithm, SIGNATURE_ALGORITHMS, signatureAlgorithmFor, signatureMethodOf, V1_RSA_PKCS1_V1_5_WITH_SHA1 } from '../signing/algorithms.ts';
import type { AnySignatureAlgorithmId, KeyType, SignatureAlgorithmId } from '../signing/algorithms.ts';
import { checkSignatureFile, isSignatureFileError } from '../signing/signature-file.ts';
import { v2SignedData, v3SignedData } from '../signing/apk-signed-data.ts';
import type { ToBeSigned } from '../signing/to-be-signed.ts';
import { v1SignedAttributes } from '../signing/v1-signed-attributes.ts';
import type { SignedDigest } from './kind.ts';
import { signatureFileBytes } from './schemes.ts';
import type { Scheme, V1Fields, V1SfFields, V2V3Fields } from './schemes.ts';

export function refuse(message: string, field: string): never {
  throw new ProtocolError('SCHEMA', message, { fields: [field] });
}

/** v1 signs with SHA-256 whatever the key size (as apksigner does for minSdk 18 and up). */
function v1Algorithm(key: KeyType): SignatureAlgorithmId {
  return key.kind === 'rsa' ? SIGNATURE_ALGORITHMS.RSA_PKCS1_V1_5_WITH_SHA256 : SIGNATURE_ALGORITHMS.ECDSA_WITH_SHA256;
}

/** Schemes listed once each, v1 never beside v2/v3 (v2/v3 cover the v1 signature files). */
export function checkSchemes(schemes: readonly Scheme[]): { v1: boolean; v2v3: boolean } {
  const set = new Set(schemes);
  if (set.size !== schemes.length) refuse('schemes are listed twice', 'schemes');
  const v1 = set.has('v1');
  const v2v3 = set.has('v2') || set.has('v3');
  if (v1 && v2v3) refuse('v1 is signed in its own round: v2/v3 cover the v1 signature files', 'schemes');
  return { v1, v2v3 };
}

export function v1ToBeSigned(v1: V1Fields, key: KeyType): ToBeSigned {
  if (v1.digestAlgorithm !== 'sha256') throw new ProtocolError('UNSUPPORTED', 'v1 is signed with SHA-256 only', { fields: ['digestAlgorithm'] });
  if (v1.sfDigest.length !== 32) refuse(`a SHA-256 .SF digest has 32 bytes, got ${v1.sfDigest.length}`, 'sfDigest');
  const algorithm = v1Algorithm(key);
  return { scheme: 'v1', method: signatureMethodOf(algorithm), algorithm, hash: 'sha256', keyKind: key.kind, data: v1SignedAttributes(v1.sfDigest) };
}

/**
 * v1 over the .SF itself (no signed attributes, for minSdk below 19): the signer checks the .SF is
 * a signature file of names and digests stating the item's manifest digest, and signs its bytes
 * with the item's digest algorithm. SHA-1 only with RSA (apksigner refuses EC keys below minSdk 18).
 */
export function v1SfToBeSigned(v1Sf: V1SfFields, key: KeyType): ToBeSigned {
  const length = v1Sf.digestAlgorithm === 'sha1' ? 20 : 32;
  if (v1Sf.manifestDigest.length !== length) refuse(`a ${v1Sf.digestAlgorithm} manifest digest has ${length} bytes, got ${v1Sf.manifestDigest.length}`, 'manifestDigest');
  if (v1Sf.digestAlgorithm === 'sha1' && key.kind !== 'rsa') throw new ProtocolError('UNSUPPORTED', 'a v1 signature with SHA-1 (minSdk below 18) needs an RSA key: Android before 4.3 verifies no ECDSA there', { fields: ['digestAlgorithm'] });
  if (v1Sf.signatureFile.length === 0) refuse('a .SF of no bytes', 'signatureFile');
  const sf = signatureFileBytes(v1Sf);
  checkSignatureFile(sf, v1Sf.digestAlgorithm, v1Sf.manifestDigest);
  const algorithm: AnySignatureAlgorithmId = v1Sf.digestAlgorithm === 'sha1' ? V1_RSA_PKCS1_V1_5_WITH_SHA1 : v1Algorithm(key);
  return { scheme: 'v1', method: signatureMethodOf(algorithm), algorithm, hash: v1Sf.digestAlgorithm, keyKind: key.kind, data: sf };
}

/** The v2 and/or v3 signed data, in that order. */
export function v2v3ToBeSigned(v2v3: V2V3Fields, schemes: readonly Scheme[], key: KeyType, certificateDer: Uint8Array): ToBeSigned[] {
  const algorithm = signatureAlgorithmFor(key);
  const method = signatureMethodOf(algorithm);
  const hash = contentDigestAlgorithm(algorithm);
  const expected = hash === 'sha256' ? 32 : 64;
  if (v2v3.contentDigest.length !== expected) refuse(`a ${hash} content digest has ${expected} bytes, got ${v2v3.contentDigest.length}`, 'contentDigest');
  if (v2v3.v3MinSdk > v2v3.v3MaxSdk) refuse(`v3MinSdk ${v2v3.v3MinSdk} is above v3MaxSdk ${v2v3.v3MaxSdk}`, 'v3MinSdk');
  const fields = { algorithm, contentDigest: v2v3.contentDigest, certificateDer };
  const alsoV3 = schemes.includes('v3');
  const out: ToBeSigned[] = [];
  if (schemes.includes('v2')) out.push({ scheme: 'v2', method, algorithm, hash, keyKind: key.kind, data: v2SignedData({ ...fields, alsoV3 }) });
  if (alsoV3) out.push({ scheme: 'v3', method, algorithm, hash, keyKind: key.kind, data: v3SignedData({ ...fields, minSdk: v2v3.v3MinSdk, maxSdk: v2v3.v3MaxSdk }) });
  return out;
}

export function v1Digest(v1: V1Fields): SignedDigest {
  return { schemes: 'v1', what: `.SF file digest (${v1.digestAlgorithm === 'sha1' ? 'SHA-1' : 'SHA-256'})`, brief: `v1 .SF digest (${v1.digestAlgorithm})`, hex: toHex(v1.sfDigest) };
}

const DIGEST_NAME = { sha1: 'SHA-1', sha256: 'SHA-256' } as const;

/**
 * What a whole-.SF v1 round signs, as the operator sees it: the .SF (its SHA-256, how many entries
 * it lists, the digest it is signed with) and the manifest digest it states. A .SF that is not
 * well formed says so (the item is refused before anything is signed).
 */
export function v1SfDigests(v1Sf: V1SfFields): SignedDigest[] {
  const digest = DIGEST_NAME[v1Sf.digestAlgorithm];
  const sf = signatureFileBytes(v1Sf);
  let entries: string;
  try {
    entries = `${checkSignatureFile(sf, v1Sf.digestAlgorithm, v1Sf.manifestDigest).entries} entries`;
  } catch (e) {
    if (!isSignatureFileError(e)) throw e;
    entries = `not a well-formed .SF: ${e.problem}`;
  }
  return [
    { schemes: 'v1', what: `.SF file, signed whole with ${digest} (${entries}; ${sf.length} bytes), its SHA-256`, brief: `v1 .SF (${entries}), SHA-256`, hex: toHex(sha256(sf)) },
    { schemes: 'v1', what: `manifest digest (${digest}) the .SF states`, brief: `v1 manifest digest (${v1Sf.digestAlgorithm})`, hex: toHex(v1Sf.manifestDigest) },
  ];
}

export function v2v3Digest(v2v3: V2V3Fields, schemes: readonly Scheme[]): SignedDigest {
  const covered = schemes.filter((s) => s !== 'v1');
  return { schemes: covered.join('+'), what: `content digest (chunked ${v2v3.contentDigest.length === 64 ? 'SHA-512' : 'SHA-256'})`, brief: 'v2/v3 content digest', hex: toHex(v2v3.contentDigest) };
}
