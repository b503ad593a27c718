/**
 * Manifest proofs of any ZIP, made with the online side's own builder (online/apk/proof) over the
 * plan a v2/v3 first round signs, without reading the manifest first: so the tests can prove
 * archives whose manifest is garbage, a bomb or a truncated stream, and see the signer refuse them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestProof } from '../../protocol/apk-proof/index.ts';
import { buildManifestProof } from '../../online/apk/proof/index.ts';
import { planChunkedDigests } from '../../online/apk/v2/plan-digest.ts';
import { planArchive } from '../../online/apk/zip/archive-plan.ts';
import { openArchive } from '../../online/apk/zip/zip-archive.ts';

let dir: string | undefined;

export function proveZip(zip: Buffer): { proof: ManifestProof; contentDigest: Uint8Array } {
  dir ??= mkdtempSync(join(tmpdir(), 'airsign-proofs-'));
  const path = join(dir, `a-${Math.random().toString(36).slice(2)}.apk`);
  writeFileSync(path, zip);
  const archive = openArchive(path);
  try {
    const plan = planArchive(archive, { dropSignatureFiles: true, padForSigningBlock: true });
    const digest = planChunkedDigests(archive.file, plan, ['sha256']).get('sha256')!;
    const contentDigest = new Uint8Array(digest.digest());
    return { proof: buildManifestProof(archive.file, plan, digest.chunks), contentDigest };
  } finally {
    archive.file.close();
  }
}
