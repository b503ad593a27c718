/**
 * Local file headers: each entry's record in the body of the archive. The header must agree with
 * the central directory on the name; the record runs from the header through the data and any
 * data descriptor.
 */
import { ApkError } from '../errors.ts';
import type { CentralDirectoryEntry } from './central-directory.ts';
import type { RandomAccessFile } from './random-access-file.ts';

export const LFH_SIGNATURE = 0x04034b50;
export const LFH_HEADER = 30;
const DESCRIPTOR_SIGNATURE = 0x08074b50;

export interface LocalRecord {
  /** Offset of the data (after the header's name and extra field). */
  readonly dataOffset: number;
  /** Length of the header (signature through extra field): it runs from localHeaderOffset to dataOffset. */
  readonly headerLength: number;
  /** Offset just past the data and its descriptor, if any. */
  readonly end: number;
}

export function readLocalRecord(file: RandomAccessFile, entry: CentralDirectoryEntry, limit: number): LocalRecord {
  const at = entry.localHeaderOffset;
  if (at + LFH_HEADER > limit) throw new ApkError('BAD_OFFSET', `local header of ${entry.name} lies outside the entries region`, { entry: entry.name });
  const fixed = file.view(at, LFH_HEADER);
  if (fixed.readUInt32LE(0) !== LFH_SIGNATURE) throw new ApkError('BAD_LOCAL_HEADER', `no local header for ${entry.name} at ${at}`, { entry: entry.name });
  const nameLength = fixed.readUInt16LE(26);
  const extraLength = fixed.readUInt16LE(28);
  const dataOffset = at + LFH_HEADER + nameLength + extraLength;
  if (dataOffset + entry.compressedSize > limit) throw new ApkError('BAD_OFFSET', `data of ${entry.name} runs past the entries region`, { entry: entry.name });
  if (fixed.readUInt16LE(8) !== entry.method) throw new ApkError('BAD_LOCAL_HEADER', `local header compression method differs for ${entry.name}`, { entry: entry.name });
  const name = file.view(at + LFH_HEADER, nameLength);
  if (nameLength !== entry.record.readUInt16LE(28) || name.compare(entry.record, 46, 46 + nameLength) !== 0) {
    throw new ApkError('BAD_LOCAL_HEADER', `local header name differs from the central directory for ${entry.name}`, { entry: entry.name });
  }
  let end = dataOffset + entry.compressedSize;
  if ((entry.flags & 0x0008) !== 0) {
    // A data descriptor follows the data: crc and sizes, with an optional signature first.
    const sizeBytes = entry.zip64 ? 16 : 8;
    const signed = end + 4 <= limit && file.readAt(end, 4).readUInt32LE(0) === DESCRIPTOR_SIGNATURE;
    end += (signed ? 4 : 0) + 4 + sizeBytes;
    if (end > limit) throw new ApkError('BAD_OFFSET', `data descriptor of ${entry.name} runs past the entries region`, { entry: entry.name });
  }
  return { dataOffset, headerLength: LFH_HEADER + nameLength + extraLength, end };
}
