/**
 * Reads an audit log a chunk at a time and checks every record: canonical form, its own hash, the
 * sequence, and the link to the record before. Memory stays bounded by the longest allowed line.
 * A last line without its newline is a torn write from a crash, reported apart from tampering.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { AuditRecord, GENESIS, canonicalJson, recordHash } from './record.ts';

export const MAX_RECORD_BYTES = 4096;

/**
 * `anchor-missing`: no anchor though the policy state says something was signed; `anchor`: the
 * keyed anchor does not hold; `state`: the policy state and the log disagree (cross-check.ts).
 */
export type ProblemKind = 'malformed' | 'edited' | 'sequence' | 'chain' | 'truncated' | 'anchor-missing' | 'anchor' | 'state';

export interface Problem {
  readonly kind: ProblemKind;
  /** 1-based line number in the file. */
  readonly line: number;
  readonly message: string;
}

export interface Anchor {
  readonly seq: number;
  readonly head: string;
}

export interface ScanResult {
  readonly records: number;
  /** Sequence number and hash of the last record (0 and GENESIS for an empty log). */
  readonly seq: number;
  readonly head: string;
  /** Byte length of the complete lines; a torn tail starts here. */
  readonly goodLength: number;
  /** Bytes after the last newline, if any: a torn last record. */
  readonly tornBytes: number;
  readonly problems: readonly Problem[];
}

interface Cursor {
  line: number;
  records: number;
  seq: number;
  head: string;
  anchorSeen: boolean;
  problems: Problem[];
}

/** Called with each record that parsed, in order, for checks beyond the chain (cross-check.ts). */
export type RecordVisitor = (record: AuditRecord) => void;

function checkLine(text: string, c: Cursor, anchor: Anchor | undefined, visit: RecordVisitor | undefined): void {
  c.line++;
  let record: AuditRecord;
  try {
    const parsed = AuditRecord.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error('schema');
    record = parsed.data;
  } catch {
    c.problems.push({ kind: 'malformed', line: c.line, message: `line ${c.line} is not an audit record` });
    return;
  }
  if (canonicalJson(record) !== text) c.problems.push({ kind: 'edited', line: c.line, message: `record ${record.seq} is not in canonical form` });
  if (recordHash(record) !== record.hash) c.problems.push({ kind: 'edited', line: c.line, message: `record ${record.seq} does not match its hash` });
  if (record.seq !== c.seq + 1) c.problems.push({ kind: 'sequence', line: c.line, message: `record ${record.seq} follows record ${c.seq}` });
  if (record.prev !== c.head) c.problems.push({ kind: 'chain', line: c.line, message: `record ${record.seq} does not link to the record before it` });
  if (anchor !== undefined && record.seq === anchor.seq) {
    c.anchorSeen = true;
    if (record.hash !== anchor.head) c.problems.push({ kind: 'edited', line: c.line, message: `record ${record.seq} differs from the one the state directory recorded` });
  }
  visit?.(record);
  c.records++;
  c.seq = record.seq;
  c.head = record.hash;
}

export function scanAuditLog(path: string, anchor?: Anchor, visit?: RecordVisitor): ScanResult {
  const c: Cursor = { line: 0, records: 0, seq: 0, head: GENESIS, anchorSeen: false, problems: [] };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return finish(c, 0, 0, anchor);
  }
  const chunk = Buffer.alloc(64 * 1024);
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let overlong = false;
  let offset = 0;
  let goodLength = 0;
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, offset);
      if (n === 0) break;
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, 0); nl !== -1 && nl < n; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl);
        if (overlong || pendingLength + piece.length > MAX_RECORD_BYTES) {
          c.line++;
          c.problems.push({ kind: 'malformed', line: c.line, message: `line ${c.line} is longer than ${MAX_RECORD_BYTES} bytes` });
        } else {
          checkLine(Buffer.concat([...pending, piece]).toString('utf8'), c, anchor, visit);
        }
        pending = [];
        pendingLength = 0;
        overlong = false;
        goodLength = offset + nl + 1;
        start = nl + 1;
      }
      const rest = chunk.subarray(start, n);
      if (pendingLength + rest.length > MAX_RECORD_BYTES) overlong = true;
      else pending.push(Buffer.from(rest));
      pendingLength += rest.length;
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
  return finish(c, goodLength, offset - goodLength, anchor);
}

function finish(c: Cursor, goodLength: number, tornBytes: number, anchor: Anchor | undefined): ScanResult {
  if (anchor !== undefined && anchor.seq > 0 && !c.anchorSeen) {
    c.problems.push({ kind: 'truncated', line: c.line, message: `the log ends at record ${c.seq}, but the state directory recorded record ${anchor.seq}` });
  }
  return { records: c.records, seq: c.seq, head: c.head, goodLength, tornBytes, problems: c.problems };
}
