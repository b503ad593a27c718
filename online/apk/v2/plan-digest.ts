/** The v2/v3 content digest of an archive as a plan would write it (the signing block not yet in place). */
import type { ArchivePlan, PlanSection } from '../zip/archive-plan.ts';
import { walkPlan } from '../zip/archive-plan.ts';
import type { RandomAccessFile } from '../zip/random-access-file.ts';
import { ChunkedDigest } from './chunked-digest.ts';

export function planContentDigest(file: RandomAccessFile, plan: ArchivePlan, algorithm: 'sha256' | 'sha512'): Buffer {
  const digest = new ChunkedDigest(algorithm);
  let section: PlanSection = 'entries';
  walkPlan(file, plan, (s, data) => {
    if (s !== section) {
      digest.endSection();
      section = s;
    }
    digest.update(data);
  });
  return digest.digest();
}
