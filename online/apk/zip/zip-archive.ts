/**
 * Opens a ZIP archive (an APK or a JAR) and checks its structure before anything is signed:
 * end record, central directory, every local header (checked against its directory record), the
 * first entry at offset 0, no overlapping or duplicate entries, no unexplained bytes, declared
 * sizes within the inflate limits, and the APK Signing Block if there is one.
 */
import { ApkError } from '../errors.ts';
import { parseCentralDirectory, ZIP_LIMITS } from './central-directory.ts';
import type { CentralDirectoryEntry } from './central-directory.ts';
import { readEndOfCentralDirectory } from './eocd.ts';
import { checkInflateLimits } from './inflate-limits.ts';
import type { EndOfCentralDirectory } from './eocd.ts';
import { readLocalRecord } from './local-header.ts';
import type { LocalRecord } from './local-header.ts';
import { RandomAccessFile } from './random-access-file.ts';
import { locateSigningBlock } from './signing-block-locate.ts';
import type { SigningBlockLocation } from './signing-block-locate.ts';

export type ZipEntry = CentralDirectoryEntry & LocalRecord;

export interface ZipArchive {
  readonly file: RandomAccessFile;
  /** Entries in central directory order. */
  readonly entries: readonly ZipEntry[];
  /** Entries in the order their records appear in the file. */
  readonly entriesByOffset: readonly ZipEntry[];
  readonly eocd: EndOfCentralDirectory;
  readonly centralDirectory: Buffer;
  /** Offset just past the last entry record. */
  readonly entriesEnd: number;
  readonly signingBlock: SigningBlockLocation | undefined;
  readonly zip64: boolean;
  entry(name: string): ZipEntry | undefined;
}

/** Throws UNEXPECTED_DATA unless [from, to) holds only zero bytes (padding is harmless; anything else is hidden data). */
function checkGap(file: RandomAccessFile, from: number, to: number, where: string): void {
  for (let at = from; at < to; at += 1 << 20) {
    const chunk = file.view(at, Math.min(1 << 20, to - at));
    if (chunk.some((b) => b !== 0)) throw new ApkError('UNEXPECTED_DATA', `${to - from} bytes of unexplained data ${where} (at ${from})`);
  }
}

function readRecords(file: RandomAccessFile, entries: readonly CentralDirectoryEntry[], limit: number): ZipEntry[] {
  const seen = new Set<string>();
  const out: ZipEntry[] = [];
  for (const entry of entries) {
    if (seen.has(entry.name)) throw new ApkError('DUPLICATE_ENTRY', `entry ${entry.name} appears twice`, { entry: entry.name });
    seen.add(entry.name);
    const local = readLocalRecord(file, entry, limit);
    // Spelled out rather than spread: object spread is slow for thousands of entries.
    out.push({
      index: entry.index, name: entry.name, flags: entry.flags, method: entry.method, crc32: entry.crc32,
      compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, localHeaderOffset: entry.localHeaderOffset,
      record: entry.record, zip64: entry.zip64, dataOffset: local.dataOffset, headerLength: local.headerLength, end: local.end,
    });
  }
  return out;
}

function checkLayout(file: RandomAccessFile, byOffset: readonly ZipEntry[]): number {
  // apksig and Android read the first local header at offset 0: bytes before it (even zeros) make
  // an archive some readers take and others refuse, so none are accepted.
  const first = byOffset[0];
  if (first !== undefined && first.localHeaderOffset !== 0) {
    throw new ApkError('UNEXPECTED_DATA', `${first.localHeaderOffset} bytes before the first entry (${first.name}); it must start at offset 0`, { entry: first.name });
  }
  let end = 0;
  for (const entry of byOffset) {
    if (entry.localHeaderOffset < end) throw new ApkError('OVERLAPPING_ENTRIES', `entry ${entry.name} overlaps the entry before it`, { entry: entry.name });
    checkGap(file, end, entry.localHeaderOffset, `before ${entry.name}`);
    end = entry.end;
  }
  return end;
}

export function openArchive(path: string): ZipArchive {
  const file = RandomAccessFile.open(path);
  try {
    const eocd = readEndOfCentralDirectory(file);
    if (eocd.cdSize > ZIP_LIMITS.maxCentralDirectoryBytes) throw new ApkError('TOO_LARGE', `central directory of ${eocd.cdSize} bytes`);
    const centralDirectory = file.readAt(eocd.cdOffset, eocd.cdSize);
    const directory = parseCentralDirectory(centralDirectory, eocd.entryCount);
    checkInflateLimits(directory);
    const entries = readRecords(file, directory, eocd.cdOffset);
    const entriesByOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
    const entriesEnd = checkLayout(file, entriesByOffset);
    const signingBlock = locateSigningBlock(file, eocd.cdOffset, entriesEnd);
    checkGap(file, entriesEnd, signingBlock?.offset ?? eocd.cdOffset, 'after the last entry');
    const byName = new Map(entries.map((e) => [e.name, e]));
    return {
      file, entries, entriesByOffset, eocd, centralDirectory, entriesEnd, signingBlock,
      zip64: eocd.zip64RecordOffset !== undefined || entries.some((e) => e.zip64),
      entry: (name) => byName.get(name),
    };
  } catch (e) {
    file.close();
    throw e;
  }
}
