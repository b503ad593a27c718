/**
 * Reads an offline audit log exported to the online side, a line at a time, and checks its hash
 * chain as the signer does: each record's `hash` is SHA-256 over the canonical JSON (keys sorted,
 * no spaces) of its other fields, `seq` counts up from 1, `prev` is the hash of the record before.
 * It keeps only what the head check needs: the hash at each wanted seq, and the requests with
 * signed records. The record's other fields are the offline side's business (docs/audit-log.md).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { toHex, utf8 } from '../../protocol/bytes.ts';
import { sha256 } from '../../protocol/hash.ts';
import { AuditCheckError } from './errors.ts';

const GENESIS = '0'.repeat(64);
const MAX_LINE = 64 * 1024;

export interface ExportedLog {
  readonly records: number;
  readonly seq: number;
  readonly head: string;
  /** Hash at each wanted seq the log reaches. */
  readonly hashes: ReadonlyMap<number, string>;
  /** Request digests (hex) with at least one signed record. */
  readonly signedRequests: ReadonlySet<string>;
}

function canonical(record: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key];
  return JSON.stringify(sorted);
}

export async function readExportedLog(path: string, wanted: ReadonlySet<number>): Promise<ExportedLog> {
  const hashes = new Map<number, string>();
  const signedRequests = new Set<string>();
  let seq = 0;
  let head = GENESIS;
  let line = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      line++;
      if (text.length > MAX_LINE) throw new AuditCheckError('AUDIT_LOG_UNREADABLE', `${path}: line ${line} is longer than ${MAX_LINE} characters`);
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(text) as Record<string, unknown>;
        if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new Error('not an object');
      } catch (cause) {
        throw new AuditCheckError('AUDIT_LOG_UNREADABLE', `${path}: line ${line} is not an audit record`, { cause });
      }
      const { hash, ...rest } = record;
      if (canonical(record) !== text) throw new AuditCheckError('AUDIT_CHAIN_BROKEN', `${path}: line ${line} is not in canonical form`);
      if (typeof hash !== 'string' || toHex(sha256(utf8(canonical(rest)))) !== hash) throw new AuditCheckError('AUDIT_CHAIN_BROKEN', `${path}: record on line ${line} does not match its hash`);
      if (record.seq !== seq + 1) throw new AuditCheckError('AUDIT_CHAIN_BROKEN', `${path}: record ${String(record.seq)} follows record ${seq}`);
      if (record.prev !== head) throw new AuditCheckError('AUDIT_CHAIN_BROKEN', `${path}: record ${seq + 1} does not link to the record before it`);
      seq++;
      head = hash;
      if (wanted.has(seq)) hashes.set(seq, hash);
      if (record.event === 'signed' && typeof record.request === 'string') signedRequests.add(record.request);
    }
  } catch (error) {
    if (error instanceof AuditCheckError) throw error;
    throw new AuditCheckError('AUDIT_LOG_UNREADABLE', `cannot read ${path}`, { cause: error });
  } finally {
    lines.close();
  }
  return { records: line, seq, head, hashes, signedRequests };
}
