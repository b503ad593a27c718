/**
 * The chunks of section 1 the manifest entry lies in, recomputed from the proof: the first from the
 * SHA-256 midstate before the entry (protocol/openpgp's resumable SHA-256) and the bytes from there
 * on, any further ones from the bytes alone. Every chunk of section 1 is 1 MiB but its last, whose
 * length follows from section 1's length (the end record's central directory offset).
 */
import { sha256 } from '../hash.ts';
import { Sha256State } from '../openpgp/sha256-state.ts';
import { CHUNK_BYTES, type JoinedProof } from './schema.ts';
import { malformed } from './errors.ts';

function chunkHeader(length: number): Uint8Array {
  return Uint8Array.of(0xa5, length & 0xff, (length >>> 8) & 0xff, (length >>> 16) & 0xff, length >>> 24);
}

function stateWords(state: Uint8Array): number[] {
  return Array.from({ length: 8 }, (_, i) => ((state[i * 4]! << 24) | (state[i * 4 + 1]! << 16) | (state[i * 4 + 2]! << 8) | state[i * 4 + 3]!) >>> 0);
}

export interface ProvenChunks {
  /** Where the entry's local header starts in section 1. */
  readonly entryOffset: number;
  /** The recomputed digests of chunks first..first + digests.length - 1. */
  readonly digests: readonly Uint8Array[];
}

/** Recomputes the chunks the entry spans, for a section 1 of `sectionLength` bytes. */
export function provenChunkDigests(proof: JoinedProof, sectionLength: number): ProvenChunks {
  if (proof.stateBytes % 64 !== 0) malformed('the chunk state covers a partial block');
  const inChunk = proof.stateBytes + proof.tail.length - 5;
  if (inChunk < 0) malformed('the chunk state and tail are shorter than the chunk digest prefix');
  const chunkCount = Math.ceil(sectionLength / CHUNK_BYTES);
  if (proof.chunk >= chunkCount) malformed(`chunk ${proof.chunk} is past section 1's ${chunkCount} chunks`);
  const chunkLength = (k: number) => Math.min(CHUNK_BYTES, sectionLength - k * CHUNK_BYTES);
  if (inChunk >= chunkLength(proof.chunk)) malformed('the entry starts past the end of its chunk');
  const entryOffset = proof.chunk * CHUNK_BYTES + inChunk;
  const entryEnd = entryOffset + proof.entry.length;
  const last = Math.floor((entryEnd - 1) / CHUNK_BYTES);
  if (last >= chunkCount) malformed('the entry runs past section 1');
  const spanEnd = last * CHUNK_BYTES + chunkLength(last);
  if (entryEnd + proof.suffix.length !== spanEnd) malformed(`the bytes after the entry must run to the end of its last chunk: ${spanEnd - entryEnd} bytes, the proof has ${proof.suffix.length}`);
  if (proof.chunkDigests.length !== chunkCount - (last - proof.chunk + 1)) malformed(`section 1 has ${chunkCount} chunks; the proof recomputes ${last - proof.chunk + 1} and carries ${proof.chunkDigests.length} others`);

  const visible = new Uint8Array(proof.entry.length + proof.suffix.length);
  visible.set(proof.entry, 0);
  visible.set(proof.suffix, proof.entry.length);
  const digests: Uint8Array[] = [];
  const firstTake = chunkLength(proof.chunk) - inChunk;
  digests.push(Sha256State.resume({ words: stateWords(proof.state), bytes: proof.stateBytes }).update(proof.tail).update(visible.subarray(0, firstTake)).digest());
  for (let k = proof.chunk + 1, at = firstTake; k <= last; k++) {
    const length = chunkLength(k);
    const whole = new Uint8Array(5 + length);
    whole.set(chunkHeader(length), 0);
    whole.set(visible.subarray(at, at + length), 5);
    digests.push(sha256(whole));
    at += length;
  }
  return { entryOffset, digests };
}

/** The chunk digests of a section carried whole (the central directory, the end record). */
export function sectionChunkDigests(section: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < section.length; at += CHUNK_BYTES) {
    const length = Math.min(CHUNK_BYTES, section.length - at);
    const whole = new Uint8Array(5 + length);
    whole.set(chunkHeader(length), 0);
    whole.set(section.subarray(at, at + length), 5);
    out.push(sha256(whole));
  }
  return out;
}

/** The content digest over every chunk digest: SHA-256(0x5a ‖ u32le count ‖ digests). */
export function topLevelDigest(chunkDigests: readonly Uint8Array[]): Uint8Array {
  const n = chunkDigests.length;
  const all = new Uint8Array(5 + 32 * n);
  all.set(Uint8Array.of(0x5a, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24), 0);
  chunkDigests.forEach((d, i) => all.set(d, 5 + 32 * i));
  return sha256(all);
}
