/**
 * The three ZIP records a manifest proof is checked by, read from the proof's own bytes: the end
 * record (section 3), the central directory (section 2, parsed record by record from its start, so
 * a record hidden in another's comment is never taken for one), and the manifest's local header.
 */
import { bytesEqual, utf8 } from '../bytes.ts';
import { ProofError, malformed } from './errors.ts';

export const MANIFEST_NAME = 'AndroidManifest.xml';
const MANIFEST_NAME_BYTES = utf8(MANIFEST_NAME);

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

export interface EndRecord {
  readonly entries: number;
  readonly centralDirectorySize: number;
  /** In the digest's copy: where the signing block goes, which is the length of section 1. */
  readonly centralDirectoryOffset: number;
}

export function readEndRecord(eocd: Uint8Array): EndRecord {
  if (u32(eocd, 0) !== 0x06054b50) malformed('the end record does not start with its signature');
  if (u16(eocd, 4) !== 0 || u16(eocd, 6) !== 0) malformed('the end record names another disk');
  const entries = u16(eocd, 10);
  if (u16(eocd, 8) !== entries) malformed('the end record counts entries twice, differently');
  if (u16(eocd, 20) !== eocd.length - 22) malformed('the end record comment length does not match the record');
  return { entries, centralDirectorySize: u32(eocd, 12), centralDirectoryOffset: u32(eocd, 16) };
}

export interface ManifestRecord {
  readonly flags: number;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

/** The one central directory record named AndroidManifest.xml, after every record parsed from the start. */
export function findManifestRecord(cd: Uint8Array, end: EndRecord): ManifestRecord {
  if (end.centralDirectorySize !== cd.length) malformed(`the end record says the central directory has ${end.centralDirectorySize} bytes, the proof carries ${cd.length}`);
  let found: ManifestRecord | undefined;
  let at = 0;
  for (let n = 0; n < end.entries; n++) {
    if (at + 46 > cd.length || u32(cd, at) !== 0x02014b50) malformed(`central directory record ${n} is not one`);
    const nameLength = u16(cd, at + 28);
    const next = at + 46 + nameLength + u16(cd, at + 30) + u16(cd, at + 32);
    if (next > cd.length) malformed(`central directory record ${n} runs past the directory`);
    if (nameLength === MANIFEST_NAME_BYTES.length && bytesEqual(cd.subarray(at + 46, at + 46 + nameLength), MANIFEST_NAME_BYTES)) {
      if (found !== undefined) throw new ProofError('PROOF_NOT_THE_MANIFEST', 'the central directory names AndroidManifest.xml twice');
      found = {
        flags: u16(cd, at + 8), method: u16(cd, at + 10), crc32: u32(cd, at + 16),
        compressedSize: u32(cd, at + 20), uncompressedSize: u32(cd, at + 24), localHeaderOffset: u32(cd, at + 42),
      };
    }
    at = next;
  }
  if (at !== cd.length) malformed('the central directory holds bytes after its last record');
  if (found === undefined) throw new ProofError('PROOF_NOT_THE_MANIFEST', 'the central directory has no AndroidManifest.xml');
  if (found.compressedSize === 0xffffffff || found.uncompressedSize === 0xffffffff || found.localHeaderOffset === 0xffffffff) throw new ProofError('PROOF_BAD_ENTRY', 'AndroidManifest.xml is a ZIP64 entry');
  return found;
}

/** The compressed data of the entry, after its local header is checked against the central directory record. */
export function readLocalEntry(entry: Uint8Array, record: ManifestRecord): Uint8Array {
  if (u32(entry, 0) !== 0x04034b50) throw new ProofError('PROOF_BAD_ENTRY', 'the entry does not start with a local header');
  const flags = u16(entry, 6);
  const nameLength = u16(entry, 26);
  const dataAt = 30 + nameLength + u16(entry, 28);
  if (dataAt > entry.length) throw new ProofError('PROOF_BAD_ENTRY', 'the local header runs past the entry');
  if (nameLength !== MANIFEST_NAME_BYTES.length || !bytesEqual(entry.subarray(30, 30 + nameLength), MANIFEST_NAME_BYTES)) throw new ProofError('PROOF_BAD_ENTRY', 'the local header does not name AndroidManifest.xml');
  if ((flags & 0x0001) !== 0) throw new ProofError('PROOF_BAD_ENTRY', 'the entry is encrypted');
  if (flags !== record.flags || u16(entry, 8) !== record.method) throw new ProofError('PROOF_BAD_ENTRY', 'the local header and the central directory disagree on flags or method');
  // With a data descriptor (flag bit 3) the local header may hold zeros; the central directory's values count.
  if ((flags & 0x0008) === 0 && (u32(entry, 14) !== record.crc32 || u32(entry, 18) !== record.compressedSize || u32(entry, 22) !== record.uncompressedSize)) {
    throw new ProofError('PROOF_BAD_ENTRY', 'the local header and the central directory disagree on CRC-32 or sizes');
  }
  if (entry.length !== dataAt + record.compressedSize) throw new ProofError('PROOF_BAD_ENTRY', `the entry carries ${entry.length - dataAt} bytes of data, its record says ${record.compressedSize}`);
  return entry.subarray(dataAt);
}
