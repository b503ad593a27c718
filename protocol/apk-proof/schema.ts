/**
 * The manifest proof an APK item may carry with its v2/v3 content digest: the bytes the signer needs
 * to read AndroidManifest.xml itself and to recompute the content digest it is asked to sign.
 *
 * Section 1 of the content digest (the entries) is cut into 1 MiB chunks. The proof holds the
 * manifest's local entry (header and compressed data) whole, the SHA-256 midstate of the chunk it
 * starts in up to the 64-byte block before the entry (the chunk digest's 0xa5 prefix and length
 * included) with the few bytes from there to the entry, and the rest of the last chunk the entry
 * reaches; the digests of every other chunk of section 1; and the central directory and end record
 * whole (sections 2 and 3), which say where AndroidManifest.xml is and how long section 1 is.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { bytes, uint } from '../messages/fields.ts';

export const CHUNK_BYTES = 1024 * 1024;
/** A ZIP without ZIP64 ends below 4 GiB: at most 4096 chunks of entries. */
export const MAX_SECTION_CHUNKS = 4096;
/** Largest manifest entry carried (local header and compressed data). */
export const MAX_ENTRY_BYTES = 2 * 1024 * 1024;
/** Largest central directory carried: 65535 records of a few hundred bytes stay below it. */
export const MAX_CENTRAL_DIRECTORY_BYTES = 4 * 1024 * 1024;
/** The end record: 22 bytes and a comment of at most 65535. */
export const MAX_EOCD_BYTES = 22 + 0xffff;

/**
 * The encoding bounds every byte string by the largest certificate (8 KiB): longer parts of a proof
 * go as a list of pieces of exactly that size, the last one shorter, so each value has one encoding.
 */
export const PIECE_BYTES = LIMITS.maxCertificateBytes;

function pieces(maxTotal: number, multipleOf = 1) {
  return z
    .array(bytes(1, PIECE_BYTES))
    .max(Math.ceil(maxTotal / PIECE_BYTES))
    .refine((list) => list.every((p, i) => i === list.length - 1 || p.length === PIECE_BYTES), { message: `every piece but the last has ${PIECE_BYTES} bytes` })
    .refine((list) => list.reduce((n, p) => n + p.length, 0) <= maxTotal, { message: `at most ${maxTotal} bytes in all` })
    .refine((list) => list.reduce((n, p) => n + p.length, 0) % multipleOf === 0, { message: `a multiple of ${multipleOf} bytes` });
}

/** Bytes cut into the pieces the schema wants. */
export function toPieces(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += PIECE_BYTES) out.push(new Uint8Array(data.subarray(at, at + PIECE_BYTES)));
  return out;
}

/** The pieces joined again. */
export function joinPieces(list: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of list) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const ManifestProof = z.strictObject({
  /** Index, in section 1, of the chunk the manifest's local header starts in. */
  chunk: uint(MAX_SECTION_CHUNKS - 1),
  /** SHA-256 words H0..H7 (big-endian) after the whole 64-byte blocks of 0xa5 ‖ u32le length ‖ chunk bytes before the entry. */
  state: bytes(32, 32),
  /** How many bytes that state has taken in: a multiple of 64. */
  stateBytes: uint(CHUNK_BYTES + 64),
  /** The bytes after the state's blocks up to the entry (fewer than 64). */
  tail: bytes(0, 63),
  /** The local header, name, extra field and compressed data of AndroidManifest.xml. */
  entry: pieces(MAX_ENTRY_BYTES),
  /** The rest of the last chunk the entry reaches, after the entry. */
  suffix: pieces(CHUNK_BYTES),
  /** The 32-byte digests of section 1's other chunks, in order, without those the proof recomputes, end to end. */
  chunkDigests: pieces(32 * MAX_SECTION_CHUNKS, 32),
  /** Section 2: the central directory, whole. */
  centralDirectory: pieces(MAX_CENTRAL_DIRECTORY_BYTES),
  /** Section 3: the end record as the digest covers it (its central directory offset is where the signing block goes). */
  eocd: pieces(MAX_EOCD_BYTES),
});
export type ManifestProof = z.infer<typeof ManifestProof>;

/** A proof with its pieces joined, as the checks read it. */
export interface JoinedProof {
  readonly chunk: number;
  readonly state: Uint8Array;
  readonly stateBytes: number;
  readonly tail: Uint8Array;
  readonly entry: Uint8Array;
  readonly suffix: Uint8Array;
  readonly chunkDigests: readonly Uint8Array[];
  readonly centralDirectory: Uint8Array;
  readonly eocd: Uint8Array;
}

export function joinProof(p: ManifestProof): JoinedProof {
  const digests = joinPieces(p.chunkDigests);
  return {
    chunk: p.chunk, state: p.state, stateBytes: p.stateBytes, tail: p.tail,
    entry: joinPieces(p.entry), suffix: joinPieces(p.suffix),
    chunkDigests: Array.from({ length: digests.length / 32 }, (_, i) => digests.subarray(32 * i, 32 * i + 32)),
    centralDirectory: joinPieces(p.centralDirectory), eocd: joinPieces(p.eocd),
  };
}
