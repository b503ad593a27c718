/**
 * Checks beyond the chain: the log against the policy state and the anchor's keyed part.
 *
 * - The policy state lists signed requests, so something was signed: the anchor must be there
 *   (`anchor-missing`), every such request must have a signed record in the log, and the head the
 *   state recorded at its last commit must be in the log with that hash (`state`; a log that no
 *   longer reaches it is `truncated`).
 * - The keyed part's record must be in the log with its hash (`anchor`). With `full` (audit
 *   verify): its signature must hold for its key's certificate, no signed record may come after
 *   it, and a state committed by a signer that keys anchors needs one at least as recent.
 */
import type { AnchorContent } from './anchor.ts';
import { keyedAnchorHolds } from './keyed-anchor.ts';
import type { AuditRecord } from './record.ts';
import type { Problem, RecordVisitor, ScanResult } from './scan.ts';

/** What the check needs of the policy state (offline/policy/state.ts). */
export interface StateView {
  readonly hasSigned: boolean;
  readonly auditHead: { readonly seq: number; readonly head: string } | undefined;
  signedRequestDigests(): string[];
}

export interface CrossCheckInput {
  readonly anchorPath: string;
  readonly anchor: AnchorContent | undefined;
  readonly state: StateView | undefined;
  /** audit verify: check the keyed anchor's signature and what came after it. */
  readonly full: boolean;
  /** The certificate (DER) whose SHA-256 is `fingerprint`, where one can be had. */
  readonly certificate?: (fingerprint: string) => Uint8Array | undefined;
}

export interface CrossChecker {
  readonly visit: RecordVisitor;
  finish(scan: ScanResult): Problem[];
}

export function crossChecker(input: CrossCheckInput): CrossChecker {
  const signedRequests = new Set<string>();
  let lastSigned = 0;
  const wanted = new Map<number, string | undefined>();
  if (input.state?.auditHead !== undefined) wanted.set(input.state.auditHead.seq, undefined);
  if (input.anchor?.keyed !== undefined) wanted.set(input.anchor.keyed.seq, undefined);
  const visit = (record: AuditRecord) => {
    if (record.event === 'signed') {
      signedRequests.add(record.request);
      lastSigned = record.seq;
    }
    if (wanted.has(record.seq)) wanted.set(record.seq, record.hash);
  };
  const finish = (scan: ScanResult): Problem[] => {
    const problems: Problem[] = [];
    const at = scan.records + 1;
    const add = (kind: Problem['kind'], message: string) => problems.push({ kind, line: at, message });
    const { state, anchor } = input;
    if (state?.hasSigned === true && anchor === undefined) {
      add('anchor-missing', `the policy state lists signed requests, but the anchor ${input.anchorPath} is missing`);
    }
    if (state?.auditHead !== undefined) {
      const { seq, head } = state.auditHead;
      if (scan.seq < seq) add('truncated', `the log ends at record ${scan.seq}, but the policy state recorded record ${seq}`);
      else if (seq > 0 && wanted.get(seq) !== head) add('state', `record ${seq} differs from the one the policy state recorded`);
    }
    if (state !== undefined) {
      const missing = state.signedRequestDigests().filter((r) => !signedRequests.has(r));
      if (missing.length > 0) {
        add('state', `${missing.length} request(s) the policy state lists as signed have no signed record in the log (first: ${missing[0]!.slice(0, 16)}…)`);
      }
    }
    const keyed = anchor?.keyed;
    if (keyed !== undefined) {
      if (scan.seq < keyed.seq) add('truncated', `the log ends at record ${scan.seq}, but the keyed anchor is at record ${keyed.seq}`);
      else if (wanted.get(keyed.seq) !== keyed.head) add('anchor', `record ${keyed.seq} differs from the one the keyed anchor signed`);
    }
    if (!input.full) return problems;
    if (keyed === undefined) {
      // No anchor at all was said above; a plain one where a keyed one belongs is said here.
      if (anchor !== undefined && state?.auditHead !== undefined) add('anchor', 'the anchor is not keyed, though the policy state was committed by a signer that keys every anchor');
      return problems;
    }
    const certificate = input.certificate?.(keyed.key);
    if (certificate === undefined) add('anchor', `no certificate sha256:${keyed.key.slice(0, 16)}… to check the keyed anchor with (plug in the token, or give --cert)`);
    else if (!keyedAnchorHolds(keyed, certificate)) add('anchor', `the keyed anchor's signature does not hold for certificate sha256:${keyed.key.slice(0, 16)}…`);
    if (lastSigned > keyed.seq) add('anchor', `signed records after the keyed anchor (record ${lastSigned}, keyed at ${keyed.seq}): signed without keying the anchor`);
    // (A log that no longer reaches the state's head was said to be truncated above.)
    if (state?.auditHead !== undefined && keyed.seq < state.auditHead.seq && scan.seq >= state.auditHead.seq) add('anchor', `the keyed anchor (record ${keyed.seq}) is older than the policy state's head (record ${state.auditHead.seq})`);
    return problems;
  };
  return { visit, finish };
}
