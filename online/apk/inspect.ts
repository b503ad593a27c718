/**
 * What a file is and how it is signed, without judging it: package (or index) details, entries,
 * the schemes whose signatures are present, and the v2/v3 content digests they carry.
 */
import { toHex } from '../../protocol/bytes.ts';
import type { Scheme } from '../../protocol/messages/index.ts';
import { APK_BLOCK_IDS } from '../../protocol/signing/index.ts';
import { readArtifactInfo } from './artifact-info.ts';
import type { ArtifactInfo } from './artifact-info.ts';
import { fileSha256 } from './file-digest.ts';
import { MANIFEST_NAME } from './v1/v1-files.ts';
import { decodeSignerBlock } from './v2/signer-block.ts';
import { parseSigningBlock } from './v2/signing-block.ts';
import { openArchive } from './zip/zip-archive.ts';

export interface InspectReport {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly info: ArtifactInfo;
  /** Schemes with a signature present (not verified: see verifyArtifact). */
  readonly schemes: readonly Scheme[];
  readonly contentDigests: readonly { readonly scheme: 'v2' | 'v3'; readonly algorithm: number; readonly digest: string }[];
  readonly signingBlockBytes: number;
}

export function inspectArtifact(path: string, options: { artifact?: 'apk' | 'jar'; jarName?: string } = {}): InspectReport {
  const archive = openArchive(path);
  try {
    const info = readArtifactInfo(archive, path, options);
    const schemes: Scheme[] = [];
    if (archive.entry(MANIFEST_NAME) !== undefined && archive.entries.some((e) => /^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(e.name))) schemes.push('v1');
    const contentDigests: { scheme: 'v2' | 'v3'; algorithm: number; digest: string }[] = [];
    const block = archive.signingBlock;
    if (block !== undefined) {
      const pairs = parseSigningBlock(archive.file.readAt(block.offset, block.size));
      for (const [scheme, id] of [['v2', APK_BLOCK_IDS.V2], ['v3', APK_BLOCK_IDS.V3]] as const) {
        const value = pairs.find((p) => p.id === id)?.value;
        if (value === undefined) continue;
        schemes.push(scheme);
        for (const signer of decodeSignerBlock(value, scheme === 'v3')) {
          for (const d of signer.digests) contentDigests.push({ scheme, algorithm: d.algorithm, digest: toHex(d.digest) });
        }
      }
    }
    return {
      path, size: archive.file.size, sha256: toHex(fileSha256(archive.file)), info, schemes, contentDigests, signingBlockBytes: block?.size ?? 0,
    };
  } finally {
    archive.file.close();
  }
}
