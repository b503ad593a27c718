/**
 * `airsign audit check`: the offline audit log, exported, against the heads the online side
 * received. Every response carries the signer's audit head after its batch (`audit.seq`,
 * `audit.head`), and every session keeps it. A log that still holds each of those records, with
 * those hashes, and a signed record for each request a response signed items of, is the log those
 * responses came from; one rolled back, cut short or rewritten is not, whatever its own anchor says.
 */
import { AuditCheckError } from './errors.ts';
import { readExportedLog } from './exported-log.ts';

/** A response the online side received, as its session keeps it. */
export interface ReceivedHead {
  readonly session: string;
  readonly seq: number;
  readonly head: string;
  /** The request digest the response quoted (hex). */
  readonly request: string;
  readonly signed: number;
}

export interface HeadProblem {
  readonly session: string;
  readonly code: 'AUDIT_HEAD_MISSING' | 'AUDIT_HEAD_MISMATCH' | 'AUDIT_REQUEST_MISSING';
  readonly message: string;
}

export interface HeadReport {
  readonly records: number;
  readonly seq: number;
  readonly head: string;
  readonly checked: number;
  readonly problems: readonly HeadProblem[];
}

export async function checkHeads(logPath: string, heads: readonly ReceivedHead[]): Promise<HeadReport> {
  if (heads.length === 0) throw new AuditCheckError('AUDIT_NO_HEADS', 'no session holds a response: there is no head to check the log against');
  const log = await readExportedLog(logPath, new Set(heads.map((h) => h.seq)));
  const problems: HeadProblem[] = [];
  for (const h of heads) {
    const hash = log.hashes.get(h.seq);
    if (h.seq > log.seq) problems.push({ session: h.session, code: 'AUDIT_HEAD_MISSING', message: `session ${h.session}: its response quoted record ${h.seq}, but the log ends at record ${log.seq}` });
    else if (h.seq > 0 && hash !== h.head) problems.push({ session: h.session, code: 'AUDIT_HEAD_MISMATCH', message: `session ${h.session}: record ${h.seq} is not the one its response quoted (${h.head.slice(0, 16)}…)` });
    if (h.signed > 0 && !log.signedRequests.has(h.request)) problems.push({ session: h.session, code: 'AUDIT_REQUEST_MISSING', message: `session ${h.session}: ${h.signed} item(s) were signed, but the log has no signed record of request ${h.request.slice(0, 16)}…` });
  }
  return { records: log.records, seq: log.seq, head: log.head, checked: heads.length, problems };
}
