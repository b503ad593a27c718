/** `audit verify`: the whole chain, the anchor, and a torn last record set aside. */
import { anchorPathFor, readAnchor } from './anchor.ts';
import { quarantineTail } from './quarantine.ts';
import { scanAuditLog } from './scan.ts';
import type { Problem } from './scan.ts';

export interface AuditReport {
  readonly path: string;
  readonly records: number;
  readonly seq: number;
  readonly head: string;
  readonly problems: readonly Problem[];
  /** Where a torn last record was moved, if there was one. */
  readonly quarantined: string | undefined;
  readonly ok: boolean;
}

export function verifyAuditLog(path: string, options: { anchorPath?: string; setAsideTorn?: boolean } = {}): AuditReport {
  const anchor = readAnchor(options.anchorPath ?? anchorPathFor(path));
  const scan = scanAuditLog(path, anchor);
  const quarantined = scan.tornBytes > 0 && options.setAsideTorn !== false ? quarantineTail(path, scan.goodLength) : undefined;
  return { path, records: scan.records, seq: scan.seq, head: scan.head, problems: scan.problems, quarantined, ok: scan.problems.length === 0 };
}
