/**
 * The end of central directory record (and its ZIP64 form, where present): where the central
 * directory is and how many entries it holds. Found by scanning back from the end of the file; the
 * record's comment must end exactly at the end of the file, or the file carries trailing junk.
 */
import { ApkError } from '../errors.ts';
import type { RandomAccessFile } from './random-access-file.ts';

export const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
export const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;

export interface EndOfCentralDirectory {
  /** Offset of the classic EOCD record; it runs to the end of the file. */
  readonly offset: number;
  readonly entryCount: number;
  readonly cdOffset: number;
  readonly cdSize: number;
  /** The classic record's bytes (with comment), as the v2 digest covers them. */
  readonly record: Buffer;
  /** Where the ZIP64 end records start, when the archive has them (the central directory ends there). */
  readonly zip64RecordOffset?: number;
}

function findClassicRecord(file: RandomAccessFile): { offset: number; tail: Buffer; tailStart: number } {
  if (file.size < EOCD_MIN_SIZE) throw new ApkError('NOT_A_ZIP', `${file.size} bytes is too small for a ZIP archive`);
  const tailStart = Math.max(0, file.size - EOCD_MIN_SIZE - MAX_COMMENT);
  const tail = file.readAt(tailStart, file.size - tailStart);
  let misplaced = false;
  for (let i = tail.length - EOCD_MIN_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    const commentLength = tail.readUInt16LE(i + 20);
    if (i + EOCD_MIN_SIZE + commentLength === tail.length) return { offset: tailStart + i, tail, tailStart };
    if (i + EOCD_MIN_SIZE + commentLength < tail.length) misplaced = true;
  }
  if (misplaced) throw new ApkError('TRAILING_DATA', 'bytes follow the end of central directory record');
  throw new ApkError('NOT_A_ZIP', 'no end of central directory record');
}

function readZip64(file: RandomAccessFile, eocdOffset: number): { recordOffset: number; entryCount: number; cdOffset: number; cdSize: number } | undefined {
  if (eocdOffset < 20) return undefined;
  const locator = file.readAt(eocdOffset - 20, 20);
  if (locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIGNATURE) return undefined;
  if (locator.readUInt32LE(4) !== 0 || locator.readUInt32LE(16) > 1) throw new ApkError('MULTI_DISK', 'ZIP64 archive spans several disks');
  const recordOffset = Number(locator.readBigUInt64LE(8));
  if (!Number.isSafeInteger(recordOffset) || recordOffset + 56 > eocdOffset - 20) throw new ApkError('BAD_OFFSET', 'ZIP64 end record offset out of range');
  const record = file.readAt(recordOffset, 56);
  if (record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw new ApkError('BAD_OFFSET', 'ZIP64 locator points at no ZIP64 end record');
  if (recordOffset + 12 + Number(record.readBigUInt64LE(4)) !== eocdOffset - 20) throw new ApkError('UNEXPECTED_DATA', 'bytes between the ZIP64 end record and its locator');
  if (record.readUInt32LE(16) !== 0 || record.readUInt32LE(20) !== 0) throw new ApkError('MULTI_DISK', 'ZIP64 archive spans several disks');
  const [onDisk, entryCount, cdSize, cdOffset] = [24, 32, 40, 48].map((at) => Number(record.readBigUInt64LE(at))) as [number, number, number, number];
  if (onDisk !== entryCount) throw new ApkError('MULTI_DISK', 'ZIP64 archive spans several disks');
  return { recordOffset, entryCount, cdOffset, cdSize };
}

export function readEndOfCentralDirectory(file: RandomAccessFile): EndOfCentralDirectory {
  const { offset, tail, tailStart } = findClassicRecord(file);
  const record = Buffer.from(tail.subarray(offset - tailStart));
  const disk = record.readUInt16LE(4);
  const cdDisk = record.readUInt16LE(6);
  const onDisk = record.readUInt16LE(8);
  let entryCount = record.readUInt16LE(10);
  let cdSize = record.readUInt32LE(12);
  let cdOffset = record.readUInt32LE(16);
  const zip64 = readZip64(file, offset);
  if (zip64 === undefined && (disk !== 0 || cdDisk !== 0 || onDisk !== entryCount)) throw new ApkError('MULTI_DISK', 'archive spans several disks');
  let cdEnd = offset;
  if (zip64 !== undefined) {
    ({ entryCount, cdOffset, cdSize } = zip64);
    cdEnd = zip64.recordOffset;
  }
  if (cdOffset + cdSize !== cdEnd) {
    if (cdOffset + cdSize < cdEnd && cdOffset + cdSize <= file.size) throw new ApkError('UNEXPECTED_DATA', 'bytes between the central directory and the end record');
    throw new ApkError('BAD_OFFSET', `central directory (${cdSize} bytes at ${cdOffset}) does not end where the end record starts (${cdEnd})`);
  }
  return { offset, entryCount, cdOffset, cdSize, record, ...(zip64 === undefined ? {} : { zip64RecordOffset: zip64.recordOffset }) };
}
