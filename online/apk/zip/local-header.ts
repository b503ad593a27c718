/**
 * Local file headers: each entry's record in the body of the archive. The header must agree with
 * the central directory on everything both carry, as Android's libziparchive and apksig require
 * ("size/crc32 mismatch", "Malformed ZIP entry"): name, compression method, general-purpose flags,
 * and CRC-32 and sizes — in the header itself, or in the data descriptor when the flags say one
 * follows the data. The record runs from the header through the data and any data descriptor.
 */
import { ApkError } from '../errors.ts';
import type { CentralDirectoryEntry } from './central-directory.ts';
import type { RandomAccessFile } from './random-access-file.ts';

export const LFH_SIGNATURE = 0x04034b50;
export const LFH_HEADER = 30;
const DESCRIPTOR_SIGNATURE = 0x08074b50;
const DATA_DESCRIPTOR_FLAG = 0x0008;
const ZIP64_EXTRA_ID = 0x0001;

export interface LocalRecord {
  /** Offset of the data (after the header's name and extra field). */
  readonly dataOffset: number;
  /** Length of the header (signature through extra field): it runs from localHeaderOffset to dataOffset. */
  readonly headerLength: number;
  /** Offset just past the data and its descriptor, if any. */
  readonly end: number;
}

function mismatch(entry: CentralDirectoryEntry, what: string): ApkError {
  return new ApkError('BAD_LOCAL_HEADER', `entry ${entry.name}: ${what} and the central directory's differ`, { entry: entry.name });
}

/** The local header's sizes, taken from its ZIP64 extra field where a field is saturated (a ZIP64 entry). */
function localSizes(fixed: Buffer, readExtra: () => Buffer): { compressed: number; uncompressed: number } {
  const sizes = { uncompressed: fixed.readUInt32LE(22), compressed: fixed.readUInt32LE(18) };
  if (sizes.uncompressed !== 0xffffffff && sizes.compressed !== 0xffffffff) return sizes;
  const extra = readExtra();
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (at + 4 + size > extra.length) break;
    // In a local header the ZIP64 field holds both sizes, uncompressed first.
    if (id === ZIP64_EXTRA_ID && size >= 16) return { uncompressed: Number(extra.readBigUInt64LE(at + 4)), compressed: Number(extra.readBigUInt64LE(at + 12)) };
    at += 4 + size;
  }
  return sizes;
}

/** Reads the data descriptor at `at` (after the data) and checks it against the directory; returns where it ends. */
function checkDescriptor(file: RandomAccessFile, entry: CentralDirectoryEntry, at: number, limit: number): number {
  const sizeBytes = entry.zip64 ? 8 : 4;
  const bare = 4 + 2 * sizeBytes;
  if (at + bare > limit) throw new ApkError('BAD_OFFSET', `data descriptor of ${entry.name} runs past the entries region`, { entry: entry.name });
  // The signature is optional. A CRC that happens to equal it is read as a signature only when the
  // longer form fits and agrees: the form that matches the directory is the descriptor.
  const read = (start: number) => {
    const d = file.readAt(start, bare);
    const size = (p: number) => (sizeBytes === 8 ? Number(d.readBigUInt64LE(p)) : d.readUInt32LE(p));
    return { crc: d.readUInt32LE(0), compressed: size(4), uncompressed: size(4 + sizeBytes) };
  };
  const agrees = (d: { crc: number; compressed: number; uncompressed: number }) =>
    d.crc === entry.crc32 && d.compressed === entry.compressedSize && d.uncompressed === entry.uncompressedSize;
  const signed = file.readAt(at, 4).readUInt32LE(0) === DESCRIPTOR_SIGNATURE && at + 4 + bare <= limit;
  if (signed && agrees(read(at + 4))) return at + 4 + bare;
  if (agrees(read(at))) return at + bare;
  throw mismatch(entry, "the data descriptor's CRC-32 or sizes");
}

export function readLocalRecord(file: RandomAccessFile, entry: CentralDirectoryEntry, limit: number): LocalRecord {
  const at = entry.localHeaderOffset;
  if (at + LFH_HEADER > limit) throw new ApkError('BAD_OFFSET', `local header of ${entry.name} lies outside the entries region`, { entry: entry.name });
  const fixed = Buffer.from(file.view(at, LFH_HEADER));
  if (fixed.readUInt32LE(0) !== LFH_SIGNATURE) throw new ApkError('BAD_LOCAL_HEADER', `no local header for ${entry.name} at ${at}`, { entry: entry.name });
  const nameLength = fixed.readUInt16LE(26);
  const extraLength = fixed.readUInt16LE(28);
  const dataOffset = at + LFH_HEADER + nameLength + extraLength;
  if (dataOffset + entry.compressedSize > limit) throw new ApkError('BAD_OFFSET', `data of ${entry.name} runs past the entries region`, { entry: entry.name });
  if (fixed.readUInt16LE(8) !== entry.method) throw mismatch(entry, "the local header's compression method");
  const name = file.view(at + LFH_HEADER, nameLength);
  if (nameLength !== entry.record.readUInt16LE(28) || name.compare(entry.record, 46, 46 + nameLength) !== 0) throw mismatch(entry, "the local header's name");
  const flags = fixed.readUInt16LE(6);
  if (flags !== entry.flags) throw mismatch(entry, `the local header's general-purpose flags (0x${flags.toString(16)}; 0x${entry.flags.toString(16)} in the directory)`);
  let end = dataOffset + entry.compressedSize;
  if ((flags & DATA_DESCRIPTOR_FLAG) !== 0) {
    // CRC-32 and sizes follow the data; the header's own fields are not used (they are often zero).
    end = checkDescriptor(file, entry, end, limit);
  } else {
    if (fixed.readUInt32LE(14) !== entry.crc32) throw mismatch(entry, "the local header's CRC-32");
    const sizes = localSizes(fixed, () => file.readAt(at + LFH_HEADER + nameLength, extraLength));
    if (sizes.compressed !== entry.compressedSize) throw mismatch(entry, "the local header's compressed size");
    if (sizes.uncompressed !== entry.uncompressedSize) throw mismatch(entry, "the local header's uncompressed size");
  }
  return { dataOffset, headerLength: LFH_HEADER + nameLength + extraLength, end };
}
