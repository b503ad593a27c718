/**
 * Bounds on what an archive may inflate to, checked against the central directory before a byte
 * is inflated. An entry never yields more than its declared size (entry-data.ts stops it at that),
 * so bounding the declared sizes bounds the work: an 8 MB APK whose entries declare gigabytes of
 * zeros is refused at once instead of costing a minute of inflating and hashing.
 */
import { ApkError } from '../errors.ts';
import type { CentralDirectoryEntry } from './central-directory.ts';

export const INFLATE_LIMITS = {
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: 1024 * 1024 * 1024,
  /** Uncompressed bytes of all entries together. */
  maxArchiveBytes: 2 * 1024 * 1024 * 1024,
  /**
   * Uncompressed bytes per compressed byte of a deflated entry. Real content stays far below it
   * (code and resources 2-10, text and JSON 5-20); deflate reaches about 1030 only on runs of one byte.
   */
  maxRatio: 100,
  /** Entries up to this size may compress better than maxRatio (small runs of zeros are common). */
  ratioGraceBytes: 1024 * 1024,
} as const;

export function checkInflateLimits(entries: readonly CentralDirectoryEntry[], limits = INFLATE_LIMITS): void {
  let total = 0;
  for (const e of entries) {
    const size = e.uncompressedSize;
    if (size > limits.maxEntryBytes) {
      throw new ApkError('INFLATED_TOO_LARGE', `entry ${e.name} declares ${size} uncompressed bytes; at most ${limits.maxEntryBytes} are accepted per entry`, { entry: e.name });
    }
    if (e.method !== 0 && size > limits.ratioGraceBytes && size > limits.maxRatio * e.compressedSize) {
      throw new ApkError('COMPRESSION_RATIO', `entry ${e.name} declares ${size} bytes from ${e.compressedSize} compressed (more than ${limits.maxRatio} to 1)`, { entry: e.name });
    }
    total += size;
    if (total > limits.maxArchiveBytes) throw new ApkError('INFLATED_TOO_LARGE', `the entries declare more than ${limits.maxArchiveBytes} uncompressed bytes together`, { entry: e.name });
  }
}
