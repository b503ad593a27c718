/**
 * The APK Signing Block sits between the last entry and the central directory:
 * uint64 size, id-value pairs, uint64 size (again), and the 16-byte magic "APK Sig Block 42".
 */
import { ApkError } from '../errors.ts';
import type { RandomAccessFile } from './random-access-file.ts';

export const SIGNING_BLOCK_MAGIC = Buffer.from('APK Sig Block 42', 'latin1');
/** A signing block larger than this is refused rather than read. */
export const MAX_SIGNING_BLOCK_BYTES = 16 * 1024 * 1024;

export interface SigningBlockLocation {
  readonly offset: number;
  readonly size: number;
}

/** Finds the block that ends at `cdOffset`, if there is one; refuses a malformed one. */
export function locateSigningBlock(file: RandomAccessFile, cdOffset: number, entriesEnd: number): SigningBlockLocation | undefined {
  if (cdOffset - entriesEnd < 32) return undefined;
  const footer = file.readAt(cdOffset - 24, 24);
  if (!footer.subarray(8).equals(SIGNING_BLOCK_MAGIC)) return undefined;
  const sizeInFooter = Number(footer.readBigUInt64LE(0));
  if (!Number.isSafeInteger(sizeInFooter) || sizeInFooter < 24 || sizeInFooter > MAX_SIGNING_BLOCK_BYTES) {
    throw new ApkError('BAD_SIGNING_BLOCK', `APK Signing Block size ${sizeInFooter} is out of range`);
  }
  const offset = cdOffset - sizeInFooter - 8;
  if (offset < entriesEnd) throw new ApkError('BAD_SIGNING_BLOCK', 'APK Signing Block overlaps the entries');
  const sizeInHeader = Number(file.readAt(offset, 8).readBigUInt64LE(0));
  if (sizeInHeader !== sizeInFooter) throw new ApkError('BAD_SIGNING_BLOCK', `APK Signing Block sizes disagree (${sizeInHeader} and ${sizeInFooter})`);
  return { offset, size: sizeInFooter + 8 };
}
