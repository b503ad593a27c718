/**
 * v2 and v3 verification, as apksigner does it: each signer's supported signatures verify over its
 * signed data with the key of its first certificate; the signed data lists a digest for each of
 * those algorithms; each digest equals the content digest of the file. v3 signers also cover the
 * SDK range from max(minSdk, 28) up; a v2 signer that says v3 was also signed needs the v3 block.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { bytesEqual, readU32LE } from '../../../protocol/bytes.ts';
import type { AndroidScheme as Scheme } from '../../../protocol/kinds/index.ts';
import { APK_BLOCK_IDS, certificateFields, STRIPPING_PROTECTION_ATTRIBUTE_ID } from '../../../protocol/signing/index.ts';
import { ApkError } from '../errors.ts';
import { V3_MIN_SDK } from '../schemes.ts';
import { decodeSignerBlock } from '../v2/signer-block.ts';
import type { DecodedSigner } from '../v2/signer-block.ts';
import { parseSigningBlock } from '../v2/signing-block.ts';
import type { ZipArchive } from '../zip/zip-archive.ts';
import { contentDigestFor, isSupportedAlgorithm, verifyApkSignature } from './apk-signature-algorithms.ts';
import type { ProblemList } from './report.ts';
import { signedFileDigests } from './signed-file-digest.ts';

export interface BlockSchemeResult {
  readonly present: boolean;
  readonly verified: boolean;
  readonly certificates: readonly Uint8Array[];
}

const ABSENT: BlockSchemeResult = { present: false, verified: false, certificates: [] };

interface DigestClaim {
  readonly scheme: Scheme;
  readonly algorithm: 'sha256' | 'sha512';
  readonly digest: Uint8Array;
}

/** Checks one signer's signatures; returns the content digests it claims, or undefined if it failed. */
function checkSigner(signer: DecodedSigner, scheme: Scheme, problems: ProblemList): DigestClaim[] | undefined {
  const before = problems.items.length;
  const cert = signer.certificates[0];
  if (cert === undefined) {
    problems.add('MALFORMED_SIGNATURE', `${scheme} signer has no certificate`, scheme);
    return undefined;
  }
  let spki: Uint8Array;
  try {
    spki = certificateFields(cert).subjectPublicKeyInfo;
  } catch (e) {
    problems.add('MALFORMED_SIGNATURE', `${scheme} signer certificate is malformed: ${(e as Error).message}`, scheme);
    return undefined;
  }
  if (!bytesEqual(spki, signer.publicKey)) problems.add('KEY_MISMATCH', `${scheme} signer's public key differs from its certificate's`, scheme);
  const supported = signer.signatures.filter((s) => isSupportedAlgorithm(s.algorithm));
  if (supported.length === 0) problems.add('NO_SUPPORTED_SIGNATURE', `${scheme} signer has no signature with a supported algorithm`, scheme);
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  for (const s of supported) {
    if (!verifyApkSignature(s.algorithm, signer.signedData, key, s.signature)) {
      problems.add('BAD_SIGNATURE', `${scheme} signature (algorithm 0x${s.algorithm.toString(16)}) does not verify`, scheme);
    }
  }
  const sigIds = signer.signatures.map((s) => s.algorithm).join(',');
  const digestIds = signer.digests.map((d) => d.algorithm).join(',');
  if (sigIds !== digestIds) problems.add('MALFORMED_SIGNATURE', `${scheme} signer's signature and digest records name different algorithms`, scheme);
  if (signer.sdkRange !== undefined) {
    const a = signer.sdkRange;
    const b = signer.signedSdkRange!;
    if (a.min !== b.min || a.max !== b.max) problems.add('MALFORMED_SIGNATURE', `${scheme} signer's SDK range differs from its signed one`, scheme);
    if (a.min > a.max) problems.add('SDK_RANGE', `${scheme} signer's SDK range is empty`, scheme);
  }
  if (problems.items.length !== before) return undefined;
  return supported.map((s) => ({ scheme, algorithm: contentDigestFor(s.algorithm), digest: signer.digests.find((d) => d.algorithm === s.algorithm)!.digest }));
}

function checkV3Coverage(signers: readonly DecodedSigner[], minSdk: number, problems: ProblemList): void {
  const ranges = signers.map((s) => s.sdkRange!).sort((a, b) => a.min - b.min);
  let next = Math.max(minSdk, V3_MIN_SDK);
  for (const r of ranges) {
    if (r.min > next) break;
    next = Math.max(next, r.max === 0x7fffffff ? r.max : r.max + 1);
  }
  if (next !== 0x7fffffff) problems.add('SDK_RANGE', `v3 signers do not cover API levels from ${Math.max(minSdk, V3_MIN_SDK)} up`, 'v3');
}

function decode(value: Uint8Array | undefined, scheme: Scheme, problems: ProblemList): DecodedSigner[] | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeSignerBlock(value, scheme === 'v3');
  } catch (e) {
    problems.add('MALFORMED_SIGNATURE', `${scheme} block: ${(e as Error).message}`, scheme);
    return [];
  }
}

export function verifySigningBlock(archive: ZipArchive, minSdk: number, problems: ProblemList): { v2: BlockSchemeResult; v3: BlockSchemeResult } {
  const location = archive.signingBlock;
  if (location === undefined) return { v2: ABSENT, v3: ABSENT };
  let pairs;
  try {
    pairs = parseSigningBlock(archive.file.readAt(location.offset, location.size));
  } catch (e) {
    if (!(e instanceof ApkError)) throw e;
    problems.add('MALFORMED_SIGNATURE', e.message);
    return { v2: ABSENT, v3: ABSENT };
  }
  const v2 = decode(pairs.find((p) => p.id === APK_BLOCK_IDS.V2)?.value, 'v2', problems);
  const v3 = decode(pairs.find((p) => p.id === APK_BLOCK_IDS.V3)?.value, 'v3', problems);
  const failed = new Set<Scheme>(problems.items.flatMap((p) => (p.scheme === undefined ? [] : [p.scheme])));
  const claims: DigestClaim[] = [];
  for (const [scheme, signers] of [['v2', v2], ['v3', v3]] as const) {
    for (const signer of signers ?? []) {
      const got = checkSigner(signer, scheme, problems);
      if (got === undefined) failed.add(scheme);
      else claims.push(...got);
    }
  }
  if (v3 !== undefined && v3.length > 0) checkV3Coverage(v3, minSdk, problems);
  // A v2 signer that says v3 was signed too protects v3 from being stripped.
  const protectsV3 = (v2 ?? []).some((s) => s.additionalAttributes.some((a) => a.id === STRIPPING_PROTECTION_ATTRIBUTE_ID && a.value.length >= 4 && readU32LE(a.value, 0) === 3));
  if (protectsV3 && v3 === undefined) problems.add('STRIPPED', 'the v2 signature says a v3 signature was made, and there is none', 'v3');
  const actual = signedFileDigests(archive, location.offset, new Set(claims.map((c) => c.algorithm)));
  for (const c of claims) {
    if (!bytesEqual(actual.get(c.algorithm)!, c.digest)) {
      problems.add('DIGEST_MISMATCH', `${c.scheme} content digest (${c.algorithm}) does not match the file`, c.scheme);
      failed.add(c.scheme);
    }
  }
  for (const p of problems.items) if (p.scheme !== undefined) failed.add(p.scheme);
  const result = (signers: DecodedSigner[] | undefined, scheme: Scheme): BlockSchemeResult =>
    signers === undefined ? ABSENT : { present: true, verified: signers.length > 0 && !failed.has(scheme), certificates: signers.flatMap((s) => s.certificates.slice(0, 1)) };
  return { v2: result(v2, 'v2'), v3: result(v3, 'v3') };
}

export function certificateDigestHex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}
