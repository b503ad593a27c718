/**
 * The manifest proof of a v2/v3 round (protocol/apk-proof), made from the plan the content digest
 * was computed over and that digest's own chunk digests: AndroidManifest.xml's place comes from the
 * plan's central directory, the bytes from the plan, so the proof is of exactly what is signed.
 */
import { Sha256State } from '../../../protocol/openpgp/sha256-state.ts';
import { CHUNK_BYTES, toPieces } from '../../../protocol/apk-proof/index.ts';
import type { ManifestProof } from '../../../protocol/apk-proof/index.ts';
import { ApkError } from '../errors.ts';
import type { ArchivePlan } from '../zip/archive-plan.ts';
import type { RandomAccessFile } from '../zip/random-access-file.ts';
import { planEntryBytes } from './plan-bytes.ts';

const MANIFEST = 'AndroidManifest.xml';

/** Where AndroidManifest.xml's local header is in the planned section 1, and its compressed size. */
function manifestRecord(cd: Buffer): { offset: number; compressedSize: number } {
  for (let at = 0; at + 46 <= cd.length; ) {
    const nameLength = cd.readUInt16LE(at + 28);
    if (cd.toString('utf8', at + 46, at + 46 + nameLength) === MANIFEST) return { offset: cd.readUInt32LE(at + 42), compressedSize: cd.readUInt32LE(at + 20) };
    at += 46 + nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
  }
  throw new ApkError('BAD_ANDROID_MANIFEST', 'no AndroidManifest.xml to prove');
}

export interface ProofLayout {
  readonly chunk: number;
  readonly entryStart: number;
  readonly entryEnd: number;
  /** The end of the last chunk the entry reaches. */
  readonly spanEnd: number;
  readonly sectionLength: number;
}

/** Where the proof's pieces lie, from the plan alone (reads only the manifest's local header). */
export function proofLayout(file: RandomAccessFile, plan: ArchivePlan): ProofLayout {
  const { offset, compressedSize } = manifestRecord(plan.centralDirectory);
  const header = planEntryBytes(file, plan, offset, offset + 30);
  const entryEnd = offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28) + compressedSize;
  const sectionLength = plan.entriesLength + plan.padding;
  const last = Math.floor((entryEnd - 1) / CHUNK_BYTES);
  return { chunk: Math.floor(offset / CHUNK_BYTES), entryStart: offset, entryEnd, spanEnd: Math.min((last + 1) * CHUNK_BYTES, sectionLength), sectionLength };
}

/** Link bytes a proof of this layout carries before the request's compression, roughly: what the signer sees whole. */
export function proofRawBytes(layout: ProofLayout, plan: ArchivePlan): number {
  const chunks = Math.ceil(layout.sectionLength / CHUNK_BYTES);
  return 32 + 63 + (layout.spanEnd - layout.entryStart) + 32 * chunks + plan.centralDirectory.length + plan.eocd.length;
}

/** The proof, given the section 1 chunk digests of the SHA-256 content digest over the same plan. */
export function buildManifestProof(file: RandomAccessFile, plan: ArchivePlan, sectionChunks: readonly Uint8Array[], layout = proofLayout(file, plan)): ManifestProof {
  const chunkStart = layout.chunk * CHUNK_BYTES;
  const chunkLength = Math.min(CHUNK_BYTES, layout.sectionLength - chunkStart);
  const header = Buffer.alloc(5);
  header[0] = 0xa5;
  header.writeUInt32LE(chunkLength, 1);
  const hash = Sha256State.fresh().update(header).update(planEntryBytes(file, plan, chunkStart, layout.entryStart));
  const { state, tail } = hash.midstate();
  const words = Buffer.alloc(32);
  state.words.forEach((w, i) => words.writeUInt32BE(w, i * 4));
  const last = Math.floor((layout.entryEnd - 1) / CHUNK_BYTES);
  const chunkCount = Math.ceil(layout.sectionLength / CHUNK_BYTES);
  if (sectionChunks.length < chunkCount) throw new ApkError('BAD_STATE', 'fewer chunk digests than section 1 has chunks');
  const others = Buffer.concat([...sectionChunks.slice(0, layout.chunk), ...sectionChunks.slice(last + 1, chunkCount)]);
  return {
    chunk: layout.chunk,
    state: new Uint8Array(words),
    stateBytes: state.bytes,
    tail: new Uint8Array(tail),
    entry: toPieces(planEntryBytes(file, plan, layout.entryStart, layout.entryEnd)),
    suffix: toPieces(planEntryBytes(file, plan, layout.entryEnd, layout.spanEnd)),
    chunkDigests: toPieces(others),
    centralDirectory: toPieces(plan.centralDirectory),
    eocd: toPieces(plan.eocd),
  };
}
