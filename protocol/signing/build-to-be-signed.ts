/**
 * The one place that decides what a signature covers. The offline side calls this with a request
 * item and its own certificate and signs exactly what comes back; the online side calls it again to
 * place the signatures. An item carries only digests and a few numbers, never bytes to be signed.
 */
import { ProtocolError } from '../errors.ts';
import type { SigningItem } from '../messages/index.ts';
import { contentDigestAlgorithm, SIGNATURE_ALGORITHMS, signatureAlgorithmFor } from './algorithms.ts';
import type { KeyType, SignatureAlgorithmId } from './algorithms.ts';
import { v2SignedData, v3SignedData } from './apk-signed-data.ts';
import { certificateKeyType } from './certificate.ts';
import type { ToBeSigned } from './to-be-signed.ts';
import { v1SignedAttributes } from './v1-signed-attributes.ts';

function refuse(message: string, field: string): never {
  throw new ProtocolError('SCHEMA', message, { fields: [field] });
}

/** v1 signs with SHA-256 whatever the key size (as apksigner does for minSdk 18 and up). */
function v1Algorithm(key: KeyType): SignatureAlgorithmId {
  return key.kind === 'rsa' ? SIGNATURE_ALGORITHMS.RSA_PKCS1_V1_5_WITH_SHA256 : SIGNATURE_ALGORITHMS.ECDSA_WITH_SHA256;
}

/** Checks that the item's fields fit its schemes: no field without its scheme, no scheme without its fields. */
function checkShape(item: SigningItem): void {
  const schemes = new Set(item.schemes);
  if (schemes.size !== item.schemes.length) refuse('schemes are listed twice', 'schemes');
  const wantsV1 = schemes.has('v1');
  const wantsV2V3 = schemes.has('v2') || schemes.has('v3');
  if (wantsV1 && wantsV2V3) refuse('v1 is signed in its own round: v2/v3 cover the v1 signature files', 'schemes');
  if (item.artifact === 'jar' && wantsV2V3) refuse('a JAR is signed with v1 only', 'schemes');
  if (wantsV1 !== (item.v1 !== undefined)) refuse(wantsV1 ? 'v1 is asked for without v1 fields' : 'v1 fields without v1 in schemes', 'v1');
  if (wantsV2V3 !== (item.v2v3 !== undefined)) refuse(wantsV2V3 ? 'v2/v3 asked for without v2v3 fields' : 'v2v3 fields without v2/v3 in schemes', 'v2v3');
}

/**
 * The exact bytes to sign for each scheme of the item, in scheme order (v1, or v2 then v3).
 * Throws ProtocolError SCHEMA for an inconsistent item, UNSUPPORTED for an unusable key.
 */
export function buildToBeSigned(item: SigningItem, certificateDer: Uint8Array): ToBeSigned[] {
  checkShape(item);
  const key = certificateKeyType(certificateDer);
  const out: ToBeSigned[] = [];
  if (item.v1 !== undefined) {
    if (item.v1.digestAlgorithm !== 'sha256') throw new ProtocolError('UNSUPPORTED', 'v1 is signed with SHA-256 only', { fields: ['digestAlgorithm'] });
    if (item.v1.sfDigest.length !== 32) refuse(`a SHA-256 .SF digest has 32 bytes, got ${item.v1.sfDigest.length}`, 'sfDigest');
    out.push({ scheme: 'v1', algorithm: v1Algorithm(key), hash: 'sha256', keyKind: key.kind, data: v1SignedAttributes(item.v1.sfDigest) });
  }
  const v2v3 = item.v2v3;
  if (v2v3 !== undefined) {
    const algorithm = signatureAlgorithmFor(key);
    const hash = contentDigestAlgorithm(algorithm);
    const expected = hash === 'sha256' ? 32 : 64;
    if (v2v3.contentDigest.length !== expected) refuse(`a ${hash} content digest has ${expected} bytes, got ${v2v3.contentDigest.length}`, 'contentDigest');
    if (v2v3.v3MinSdk > v2v3.v3MaxSdk) refuse(`v3MinSdk ${v2v3.v3MinSdk} is above v3MaxSdk ${v2v3.v3MaxSdk}`, 'v3MinSdk');
    const fields = { algorithm, contentDigest: v2v3.contentDigest, certificateDer };
    const alsoV3 = item.schemes.includes('v3');
    if (item.schemes.includes('v2')) out.push({ scheme: 'v2', algorithm, hash, keyKind: key.kind, data: v2SignedData({ ...fields, alsoV3 }) });
    if (alsoV3) {
      out.push({ scheme: 'v3', algorithm, hash, keyKind: key.kind, data: v3SignedData({ ...fields, minSdk: v2v3.v3MinSdk, maxSdk: v2v3.v3MaxSdk }) });
    }
  }
  return out;
}
