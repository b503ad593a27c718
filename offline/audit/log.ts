/**
 * The audit log: append-only JSON lines, hash-chained. Opening it checks the whole chain (a signer
 * never appends to a log it cannot vouch for) and sets a torn last record aside. Appends are
 * written at once and synced by `sync()`, which the signing core calls before any response leaves;
 * `sync()` then records the anchor.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { SignerError } from '../errors.ts';
import { anchorPathFor, readAnchor, writeAnchor } from './anchor.ts';
import { crossChecker } from './cross-check.ts';
import type { StateView } from './cross-check.ts';
import { problemCode } from './problem-code.ts';
import type { KeyedPart } from './keyed-anchor.ts';
import { quarantineTail } from './quarantine.ts';
import { sealRecord } from './record.ts';
import type { AuditEntry, AuditRecord } from './record.ts';
import { scanAuditLog } from './scan.ts';

export interface AuditHead {
  readonly seq: number;
  /** Hex SHA-256 of the last record. */
  readonly head: string;
}

export class AuditLog {
  private fd: number | undefined;
  private unsynced = false;

  private constructor(
    readonly path: string,
    private seq: number,
    private head: string,
    /** Where a torn last record found at open was set aside, if one was. */
    readonly quarantined: string | undefined,
    /** The keyed part of the anchor, carried over until a batch that signs replaces it. */
    private keyed: KeyedPart | undefined,
  ) {
    this.fd = openSync(path, 'a', 0o600);
  }

  /** `state`: the policy state, checked against the log (cross-check.ts; the keyed anchor's signature is left to audit verify). */
  static open(path: string, state?: StateView): AuditLog {
    const anchorPath = anchorPathFor(path);
    const anchor = readAnchor(anchorPath);
    const checker = crossChecker({ anchorPath, anchor, state, full: false });
    const scan = scanAuditLog(path, anchor, checker.visit);
    const problems = [...scan.problems, ...checker.finish(scan)];
    const first = problems[0];
    if (first !== undefined) {
      const code = problemCode(problems);
      throw new SignerError(code, `the audit log ${path} fails verification (${problems.length} problem(s); first: ${first.message}); run "airsign-signer audit verify"`);
    }
    const quarantined = scan.tornBytes > 0 ? quarantineTail(path, scan.goodLength) : undefined;
    return new AuditLog(path, scan.seq, scan.head, quarantined, anchor?.keyed);
  }

  get current(): AuditHead {
    return { seq: this.seq, head: this.head };
  }

  /** Writes one record (not yet synced) and returns it. */
  append(entry: AuditEntry, time: Date = new Date()): AuditRecord {
    return this.appendAll([entry], time)[0]!;
  }

  /**
   * Writes records in one write (not yet synced): a crash tears at most the last line, which the
   * next open sets aside.
   */
  appendAll(entries: readonly AuditEntry[], time: Date = new Date()): AuditRecord[] {
    if (this.fd === undefined) throw new SignerError('IO', 'the audit log is closed');
    const stamp = time.toISOString();
    let seq = this.seq;
    let head = this.head;
    const records: AuditRecord[] = [];
    let lines = '';
    for (const entry of entries) {
      const sealed = sealRecord({ ...entry, v: 1, seq: ++seq, time: stamp, prev: head } as Omit<AuditRecord, 'hash'>);
      head = sealed.record.hash;
      records.push(sealed.record);
      lines += sealed.line;
    }
    const text = Buffer.from(lines, 'utf8');
    try {
      let at = 0;
      while (at < text.length) at += writeSync(this.fd, text, at, text.length - at);
    } catch (cause) {
      throw new SignerError('IO', `cannot append to the audit log ${this.path}`, { cause });
    }
    this.seq = seq;
    this.head = head;
    this.unsynced = true;
    return records;
  }

  /**
   * Makes every appended record durable, then records the anchor. `key`, given after a batch that
   * signed, signs the new head in the token for the anchor's keyed part (undefined: keep the old).
   */
  sync(key?: (head: AuditHead) => KeyedPart | undefined): AuditHead {
    if (this.fd === undefined) throw new SignerError('IO', 'the audit log is closed');
    // A head not keyed yet is keyed even with nothing new appended here: a run killed before its
    // sync left records this one answers from its journal without writing them again.
    const toKey = key !== undefined && this.keyed?.seq !== this.seq;
    if (this.unsynced || toKey) {
      try {
        fsyncSync(this.fd);
      } catch (cause) {
        throw new SignerError('IO', `cannot sync the audit log ${this.path}`, { cause });
      }
      if (toKey) this.keyed = key(this.current) ?? this.keyed;
      writeAnchor(anchorPathFor(this.path), { seq: this.seq, head: this.head, keyed: this.keyed });
      this.unsynced = false;
    }
    return this.current;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
