/**
 * What a file is and how it is signed, without judging it: package (or index) details, entries,
 * the schemes whose signatures are present, the v2/v3 content digests an existing signing block
 * carries and, when asked, the content digests computed over the file as it is.
 */
import type { AndroidKind } from './android-kind.ts';
import { toHex } from '../../protocol/bytes.ts';
import type { AndroidScheme as Scheme } from '../../protocol/kinds/index.ts';
import { APK_BLOCK_IDS } from '../../protocol/signing/index.ts';
import { readArtifactInfo } from './artifact-info.ts';
import type { ArtifactInfo } from './artifact-info.ts';
import { fileSha256 } from './file-digest.ts';
import { MANIFEST_NAME } from './v1/v1-files.ts';
import { planContentDigests } from './v2/plan-digest.ts';
import type { ContentHash } from './v2/plan-digest.ts';
import { decodeSignerBlock } from './v2/signer-block.ts';
import { parseSigningBlock } from './v2/signing-block.ts';
import { contentDigestFor, isSupportedAlgorithm } from './verify/apk-signature-algorithms.ts';
import { signedFileDigests } from './verify/signed-file-digest.ts';
import { planArchive } from './zip/archive-plan.ts';
import { openArchive } from './zip/zip-archive.ts';
import type { ZipArchive } from './zip/zip-archive.ts';

/**
 * A v2/v3 content digest. `signing-block`: carried by a signer of the file's signing block, as
 * signed (not checked here: see verifyArtifact). `computed`: computed now over the file as it is.
 * For a file with a signing block, over its bytes with the block where it is, as a verifier does:
 * equal to the digests found when the file is intact. For a file without one, over the file as a
 * v2/v3 signer lays it out (entries kept, padded to 4096 bytes where the block goes): the digest a
 * v2/v3 signature of this file would sign, as `prepareArtifact` computes it for a v2/v3 round.
 * (Signing an APK that carries someone else's v1 files drops them first, so its digest differs.)
 */
export type ContentDigest =
  /** `hash` is left out for an algorithm apksig verifies no content digest of (e.g. verity). */
  | { readonly source: 'signing-block'; readonly scheme: 'v2' | 'v3'; readonly algorithm: number; readonly hash?: ContentHash; readonly digest: string }
  | { readonly source: 'computed'; readonly hash: ContentHash; readonly digest: string };

export interface InspectReport {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly info: ArtifactInfo;
  /** Schemes with a signature present (not verified: see verifyArtifact). */
  readonly schemes: readonly Scheme[];
  readonly contentDigests: readonly ContentDigest[];
  readonly signingBlockBytes: number;
}

export interface InspectOptions {
  readonly artifact?: AndroidKind;
  readonly jarName?: string;
  /** Compute the v2/v3 content digests of an APK with these hashes (none by default: it reads the whole file). */
  readonly computeDigests?: readonly ContentHash[];
}

function foundDigests(archive: ZipArchive, schemes: Scheme[]): ContentDigest[] {
  const found: ContentDigest[] = [];
  const block = archive.signingBlock;
  if (block === undefined) return found;
  const pairs = parseSigningBlock(archive.file.readAt(block.offset, block.size));
  for (const [scheme, id] of [['v2', APK_BLOCK_IDS.V2], ['v3', APK_BLOCK_IDS.V3]] as const) {
    const value = pairs.find((p) => p.id === id)?.value;
    if (value === undefined) continue;
    schemes.push(scheme);
    for (const signer of decodeSignerBlock(value, scheme === 'v3')) {
      for (const d of signer.digests) found.push({ source: 'signing-block', scheme, algorithm: d.algorithm, ...(isSupportedAlgorithm(d.algorithm) ? { hash: contentDigestFor(d.algorithm) } : {}), digest: toHex(d.digest) });
    }
  }
  return found;
}

function computedDigests(archive: ZipArchive, hashes: readonly ContentHash[]): ContentDigest[] {
  // A ZIP64 archive cannot be signed, so it has no digest to sign.
  if (hashes.length === 0 || archive.zip64) return [];
  const wanted = [...new Set(hashes)];
  const block = archive.signingBlock;
  // With a signing block: the file with its block where it is, as a verifier digests it. Without:
  // the file as a v2/v3 signer would lay it out, its entries padded to where the block would go.
  const digests = block !== undefined
    ? signedFileDigests(archive, block.offset, new Set(wanted))
    : planContentDigests(archive.file, planArchive(archive, { dropSignatureFiles: false, padForSigningBlock: true }), wanted);
  return wanted.map((hash) => ({ source: 'computed', hash, digest: toHex(digests.get(hash)!) }));
}

export function inspectArtifact(path: string, options: InspectOptions = {}): InspectReport {
  const archive = openArchive(path);
  try {
    const info = readArtifactInfo(archive, path, options);
    const schemes: Scheme[] = [];
    if (archive.entry(MANIFEST_NAME) !== undefined && archive.entries.some((e) => /^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(e.name))) schemes.push('v1');
    const found = foundDigests(archive, schemes);
    // v2/v3 are APK schemes; index JARs are signed with v1 only.
    const computed = info.artifact === 'apk' ? computedDigests(archive, options.computeDigests ?? []) : [];
    return {
      path, size: archive.file.size, sha256: toHex(fileSha256(archive.file)), info, schemes, contentDigests: [...found, ...computed], signingBlockBytes: archive.signingBlock?.size ?? 0,
    };
  } finally {
    archive.file.close();
  }
}
