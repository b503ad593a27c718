/** `audit verify`: the whole chain, the anchor, and a torn last record (reported as truncated, and set aside). */
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
  // A torn tail is not tampering, but the log as found is not whole: say so.
  const torn: Problem[] = scan.tornBytes > 0 ? [{ kind: 'truncated', line: scan.records + 1, message: `the last record is cut off mid-line (${scan.tornBytes} bytes without a newline): a write cut short` }] : [];
  const problems = [...scan.problems, ...torn];
  return { path, records: scan.records, seq: scan.seq, head: scan.head, problems, quarantined, ok: problems.length === 0 };
}
