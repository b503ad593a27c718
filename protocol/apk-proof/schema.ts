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
  entry: bytes(30, MAX_ENTRY_BYTES),
  /** The rest of the last chunk the entry reaches, after the entry. */
  suffix: bytes(0, CHUNK_BYTES),
  /** The digests of section 1's other chunks, in order, without those the proof recomputes. */
  chunkDigests: z.array(bytes(32, 32)).max(MAX_SECTION_CHUNKS),
  /** Section 2: the central directory, whole. */
  centralDirectory: bytes(46, MAX_CENTRAL_DIRECTORY_BYTES),
  /** Section 3: the end record as the digest covers it (its central directory offset is where the signing block goes). */
  eocd: bytes(22, MAX_EOCD_BYTES),
});
export type ManifestProof = z.infer<typeof ManifestProof>;
