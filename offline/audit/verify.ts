/**
 * `audit verify`: the whole chain, the anchor, a torn last record (reported as truncated, and set
 * aside), and with the policy state the cross-checks of cross-check.ts, the keyed anchor's
 * signature included.
 */
import { anchorPathFor, readAnchor } from './anchor.ts';
import { crossChecker } from './cross-check.ts';
import type { StateView } from './cross-check.ts';
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
  /** The keyed anchor's record, when there is one and it held. */
  readonly keyedSeq: number | undefined;
  readonly ok: boolean;
}

export interface VerifyOptions {
  readonly anchorPath?: string;
  readonly setAsideTorn?: boolean;
  /** The policy state beside the log: checked against it. */
  readonly state?: StateView;
  /** Certificates for the keyed anchor, by SHA-256 (hex). Without it a keyed anchor is not checked. */
  readonly certificate?: (fingerprint: string) => Uint8Array | undefined;
}

export function verifyAuditLog(path: string, options: VerifyOptions = {}): AuditReport {
  const anchorPath = options.anchorPath ?? anchorPathFor(path);
  const anchor = readAnchor(anchorPath);
  const checker = crossChecker({ anchorPath, anchor, state: options.state, full: options.certificate !== undefined, certificate: options.certificate });
  const scan = scanAuditLog(path, anchor, checker.visit);
  const quarantined = scan.tornBytes > 0 && options.setAsideTorn !== false ? quarantineTail(path, scan.goodLength) : undefined;
  // A torn tail is not tampering, but the log as found is not whole: say so.
  const torn: Problem[] = scan.tornBytes > 0 ? [{ kind: 'truncated', line: scan.records + 1, message: `the last record is cut off mid-line (${scan.tornBytes} bytes without a newline): a write cut short` }] : [];
  const problems = [...scan.problems, ...checker.finish(scan), ...torn];
  const keyedSeq = problems.some((p) => p.kind === 'anchor') ? undefined : anchor?.keyed?.seq;
  return { path, records: scan.records, seq: scan.seq, head: scan.head, problems, quarantined, keyedSeq, ok: problems.length === 0 };
}
