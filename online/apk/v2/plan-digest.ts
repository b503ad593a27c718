/** The v2/v3 content digest of an archive as a plan would write it (the signing block not yet in place). */
import type { Hash } from 'node:crypto';
import type { ArchivePlan, PlanSection } from '../zip/archive-plan.ts';
import { walkPlan } from '../zip/archive-plan.ts';
import type { RandomAccessFile } from '../zip/random-access-file.ts';
import { ChunkedDigest } from './chunked-digest.ts';

export type ContentHash = 'sha256' | 'sha512';

/**
 * Several digests of the same plan in one pass over the file; with `inputHash`, the input file's own
 * hash is fed in the same pass (each byte read once for both).
 */
export function planContentDigests(file: RandomAccessFile, plan: ArchivePlan, algorithms: readonly ContentHash[], inputHash?: Hash): Map<ContentHash, Buffer> {
  return new Map([...planChunkedDigests(file, plan, algorithms, inputHash)].map(([a, d]) => [a, d.digest()]));
}

/** The same pass, each digest left open so its chunk digests can be read (a manifest proof carries them). */
export function planChunkedDigests(file: RandomAccessFile, plan: ArchivePlan, algorithms: readonly ContentHash[], inputHash?: Hash): Map<ContentHash, ChunkedDigest> {
  const digests = algorithms.map((a) => new ChunkedDigest(a));
  let section: PlanSection = 'entries';
  walkPlan(file, plan, (s, data) => {
    if (s !== section) {
      for (const d of digests) d.endSection();
      section = s;
    }
    for (const d of digests) d.update(data);
  }, inputHash);
  return new Map(digests.map((d) => [d.algorithm, d]));
}

export function planContentDigest(file: RandomAccessFile, plan: ArchivePlan, algorithm: ContentHash): Buffer {
  return planContentDigests(file, plan, [algorithm]).get(algorithm)!;
}
