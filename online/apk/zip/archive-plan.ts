/**
 * The layout of an archive about to be written: which byte ranges of the input are copied, which
 * local headers are rewritten (to keep stored data aligned after entries move), which entries are
 * added, and the new central directory and end record. The same plan is walked twice: once to
 * compute the v2/v3 content digest (prepare), once to write the file (assemble).
 */
import { isV1SignatureFile } from '../v1/v1-files.ts';
import { ApkError } from '../errors.ts';
import { alignedExtra, dataAlignment } from './alignment.ts';
import type { NewEntry } from './new-entry.ts';
import type { Hash } from 'node:crypto';
import type { RandomAccessFile } from './random-access-file.ts';
import type { ZipArchive, ZipEntry } from './zip-archive.ts';

export type Segment = { readonly copyFrom: number; readonly length: number } | { readonly bytes: Buffer };

export interface ArchivePlan {
  readonly entrySegments: readonly Segment[];
  readonly entriesLength: number;
  /** Zero bytes after the entries, so a signing block placed there starts on a 4096-byte boundary. */
  readonly padding: number;
  readonly centralDirectory: Buffer;
  /** End record whose central directory offset points just past the padding (where a signing block goes). */
  readonly eocd: Buffer;
  readonly names: readonly string[];
}

export interface PlanOptions {
  /** Drop MANIFEST.MF and earlier signature files: re-signing replaces old signatures deliberately. */
  readonly dropSignatureFiles: boolean;
  readonly add?: { readonly entries: readonly NewEntry[]; readonly first: boolean };
  readonly padForSigningBlock: boolean;
}

export const SIGNING_BLOCK_ALIGNMENT = 4096;

/** Zero bytes that bring the entries up to where a signing block may start. */
export function signingBlockPadding(entriesLength: number): number {
  return (SIGNING_BLOCK_ALIGNMENT - (entriesLength % SIGNING_BLOCK_ALIGNMENT)) % SIGNING_BLOCK_ALIGNMENT;
}

function recordSegments(file: RandomAccessFile, entry: ZipEntry, out: number): Segment[] {
  const start = entry.localHeaderOffset;
  const whole: Segment[] = [{ copyFrom: start, length: entry.end - start }];
  // Compressed entries and entries that do not move stay as they are; only a moving stored entry needs its header read.
  if (out === start || entry.method !== 0) return whole;
  const localHeader = file.readAt(start, entry.headerLength);
  const nameLength = localHeader.readUInt16LE(26);
  const extra = localHeader.subarray(30 + nameLength);
  const alignment = dataAlignment(entry.method, entry.name, extra);
  const dataRel = entry.dataOffset - start;
  if (alignment <= 1 || entry.dataOffset % alignment !== 0 || (out + dataRel) % alignment === 0) return whole;
  const newExtra = alignedExtra(extra, out, nameLength, alignment);
  if (newExtra.length > 0xffff) throw new ApkError('TOO_LARGE', `extra field of ${entry.name} would exceed 65535 bytes`, { entry: entry.name });
  const header = Buffer.concat([localHeader.subarray(0, 30 + nameLength), newExtra]);
  header.writeUInt16LE(newExtra.length, 28);
  return [{ bytes: header }, { copyFrom: entry.dataOffset, length: entry.end - entry.dataOffset }];
}

function segmentLength(s: Segment): number {
  return 'bytes' in s ? s.bytes.length : s.length;
}

export function planArchive(archive: ZipArchive, options: PlanOptions): ArchivePlan {
  if (archive.zip64) throw new ApkError('ZIP64_UNSUPPORTED', 'ZIP64 archives cannot be signed (apksigner refuses them too)');
  const kept = archive.entriesByOffset.filter((e) => !(options.dropSignatureFiles && isV1SignatureFile(e.name)));
  const added = options.add?.entries ?? [];
  const segments: Segment[] = [];
  const offsets = new Map<string, number>();
  let out = 0;
  const push = (s: Segment) => {
    const last = segments[segments.length - 1];
    if (last !== undefined && 'copyFrom' in last && 'copyFrom' in s && last.copyFrom + last.length === s.copyFrom) {
      segments[segments.length - 1] = { copyFrom: last.copyFrom, length: last.length + s.length };
    } else {
      segments.push(s);
    }
    out += segmentLength(s);
  };
  const addNew = () => {
    for (const entry of added) {
      offsets.set(entry.name, out);
      push({ bytes: entry.local });
    }
  };
  if (options.add?.first === true) addNew();
  for (const entry of kept) {
    offsets.set(entry.name, out);
    for (const s of recordSegments(archive.file, entry, out)) push(s);
  }
  if (options.add?.first !== true) addNew();
  const keptSet = new Set(kept);
  const keptInCdOrder = archive.entries.filter((e) => keptSet.has(e));
  const records = options.add?.first === true ? [...added.map((e) => e.central), ...keptInCdOrder.map((e) => e.record)] : [...keptInCdOrder.map((e) => e.record), ...added.map((e) => e.central)];
  const names = options.add?.first === true ? [...added.map((e) => e.name), ...keptInCdOrder.map((e) => e.name)] : [...keptInCdOrder.map((e) => e.name), ...added.map((e) => e.name)];
  // One buffer for the whole directory: each record copied once, its local header offset rewritten.
  const centralDirectory = Buffer.allocUnsafe(records.reduce((n, r) => n + r.length, 0));
  let at = 0;
  records.forEach((record, i) => {
    record.copy(centralDirectory, at);
    centralDirectory.writeUInt32LE(offsets.get(names[i]!)!, at + 42);
    at += record.length;
  });
  const count = records.length;
  const padding = options.padForSigningBlock ? signingBlockPadding(out) : 0;
  if (count > 0xffff || out + padding + centralDirectory.length > 0xfffffff0) throw new ApkError('ZIP64_UNSUPPORTED', 'the signed archive would need ZIP64');
  const eocd = Buffer.from(archive.eocd.record);
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(centralDirectory.length, 12);
  eocd.writeUInt32LE(out + padding, 16);
  return { entrySegments: segments, entriesLength: out, padding, centralDirectory, eocd, names };
}

export type PlanSection = 'entries' | 'centralDirectory' | 'eocd';

const WINDOW = 1024 * 1024;

/**
 * Walks the plan's bytes in order, section by section. `emit` must consume `data` before returning:
 * the buffer is reused for the next window. With `inputHash`, every byte of the input file is also
 * fed to it in file order (copied ranges as they are read, the rest read for it), so a check that
 * the input is unchanged costs no separate pass.
 */
export function walkPlan(file: RandomAccessFile, plan: ArchivePlan, emit: (section: PlanSection, data: Buffer) => void, inputHash?: Hash): void {
  let hashed = 0;
  const hashUpTo = (to: number) => {
    for (; hashed < to; hashed += Math.min(WINDOW, to - hashed)) inputHash!.update(file.view(hashed, Math.min(WINDOW, to - hashed)));
  };
  for (const s of plan.entrySegments) {
    if ('bytes' in s) {
      emit('entries', s.bytes);
      continue;
    }
    if (inputHash !== undefined) {
      if (s.copyFrom < hashed) throw new ApkError('BAD_STATE', 'copied ranges out of file order');
      hashUpTo(s.copyFrom);
    }
    for (let at = 0; at < s.length; at += WINDOW) {
      const data = file.view(s.copyFrom + at, Math.min(WINDOW, s.length - at));
      if (inputHash !== undefined) {
        inputHash.update(data);
        hashed += data.length;
      }
      emit('entries', data);
    }
  }
  if (inputHash !== undefined) hashUpTo(file.size);
  if (plan.padding > 0) emit('entries', Buffer.alloc(plan.padding));
  emit('centralDirectory', plan.centralDirectory);
  emit('eocd', plan.eocd);
}
