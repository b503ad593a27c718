/** Bytes of section 1 (the entries and the zero padding after them) as a plan writes them, for one range. */
import type { ArchivePlan } from '../zip/archive-plan.ts';
import type { RandomAccessFile } from '../zip/random-access-file.ts';

export function planEntryBytes(file: RandomAccessFile, plan: ArchivePlan, from: number, to: number): Buffer {
  const out = Buffer.alloc(to - from); // the padding after the entries is zeros
  let at = 0;
  for (const s of plan.entrySegments) {
    const length = 'bytes' in s ? s.bytes.length : s.length;
    const lo = Math.max(from, at);
    const hi = Math.min(to, at + length);
    if (lo < hi) {
      if ('bytes' in s) s.bytes.copy(out, lo - from, lo - at, hi - at);
      else file.readAt(s.copyFrom + (lo - at), hi - lo).copy(out, lo - from);
    }
    at += length;
    if (at >= to) break;
  }
  return out;
}
