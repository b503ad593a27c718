/**
 * The in-progress journal of one request: a durable note of every item the token has signed for
 * it, written before the item's audit records, and kept until the request's answer and policy
 * state are committed. A signer killed mid-batch leaves it behind; a rerun of the same request
 * takes the journaled signatures instead of asking the token again (so no item is signed twice),
 * and logs any whose audit records the kill cut off.
 *
 * `<state>/in-progress/<request digest>.jsonl`: a header line, then one line per signed item
 * with the token's raw signatures (base64), in the order the token made them. A torn last line
 * (the kill came mid-write) is ignored: that item was never logged, and is signed again.
 *
 * An item that asks for a new key adds two lines of its own: `{"item":i,"newKey":alias}` before
 * the token is asked to make the key (synced), and `{"item":i,"newKey":alias,"certificate":...}`
 * once it is made. A rerun that finds them never makes a second key under that alias: it takes
 * the key the token holds (new-key.ts).
 */
import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { syncDirSync } from '../../node/durable.ts';
import { SignerError } from '../errors.ts';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Header = z.strictObject({ request: hex64, startSeq: z.number().int().min(0) });
const Line = z.strictObject({ item: z.number().int().min(0), raw: z.array(z.string().max(4096)).min(1).max(8) });
const KeyLine = z.strictObject({ item: z.number().int().min(0), newKey: z.string().max(64), certificate: z.string().max(16384).optional() });

/** A key this request was making: its alias, and its certificate once made. */
export interface JournaledKey {
  readonly alias: string;
  readonly certificate?: Uint8Array;
}

export function journalDir(stateDir: string): string {
  return join(stateDir, 'in-progress');
}

export function journalPath(stateDir: string, requestHex: string): string {
  return join(journalDir(stateDir), `${requestHex}.jsonl`);
}

/** What a journal left behind holds. */
export interface JournalContent {
  /** The audit log's seq when signing began: records for the request come after it. */
  readonly startSeq: number;
  /** item index → the token's raw signatures, scheme by scheme. */
  readonly signed: ReadonlyMap<number, readonly Uint8Array[]>;
  /** item index → the new key it was making (and its certificate, once made). */
  readonly newKeys: ReadonlyMap<number, JournaledKey>;
  /** Bytes of complete lines: a torn last line starts here. */
  readonly goodLength: number;
}

export function readJournal(stateDir: string, requestHex: string): JournalContent | undefined {
  let text: string;
  try {
    text = readFileSync(journalPath(stateDir, requestHex), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SignerError('IO', `cannot read the in-progress journal of request ${requestHex}`, { cause: error });
  }
  const lines = text.split('\n');
  // The last element is '' after a complete last line, or a torn line: either way not an item.
  lines.pop();
  let header;
  try {
    header = Header.parse(JSON.parse(lines[0] ?? ''));
  } catch {
    return undefined;
  }
  if (header.request !== requestHex) return undefined;
  const signed = new Map<number, Uint8Array[]>();
  const newKeys = new Map<number, JournaledKey>();
  for (const line of lines.slice(1)) {
    let parsed;
    try {
      parsed = z.union([Line, KeyLine]).parse(JSON.parse(line));
    } catch (cause) {
      throw new SignerError('STATE_CORRUPT', `the in-progress journal of request ${requestHex} has a line that is not an item`, { cause });
    }
    if ('newKey' in parsed) newKeys.set(parsed.item, { alias: parsed.newKey, ...(parsed.certificate === undefined ? {} : { certificate: new Uint8Array(Buffer.from(parsed.certificate, 'base64')) }) });
    else signed.set(parsed.item, parsed.raw.map((r) => new Uint8Array(Buffer.from(r, 'base64'))));
  }
  return { startSeq: header.startSeq, signed, newKeys, goodLength: Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1), 'utf8') };
}

/** An open journal: items are appended as the token signs them. */
export class Journal {
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens the request's journal, starting it (header line) when there is none. */
  static open(stateDir: string, requestHex: string, startSeq: number): Journal {
    const path = journalPath(stateDir, requestHex);
    try {
      mkdirSync(journalDir(stateDir), { recursive: true, mode: 0o700 });
      const existing = readJournal(stateDir, requestHex);
      // A journal without a readable header (torn at its first line) holds nothing: start again.
      const fd = openSync(path, existing === undefined ? 'w' : 'a', 0o600);
      // A line torn by a kill is cut off, so the next item starts a line of its own.
      if (existing !== undefined) ftruncateSync(fd, existing.goodLength);
      const journal = new Journal(path, fd);
      if (existing === undefined) {
        journal.write(`${JSON.stringify({ request: requestHex, startSeq })}\n`);
        // A new file's name is in its directory: flushed too, or a power cut could lose the whole
        // journal although every line was synced (node/durable.ts does the same for replaced files).
        journal.sync();
        syncDirSync(journalDir(stateDir));
      }
      return journal;
    } catch (cause) {
      if (cause instanceof SignerError) throw cause;
      throw new SignerError('IO', `cannot open the in-progress journal ${path}`, { cause });
    }
  }

  private write(line: string): void {
    if (this.fd === undefined) throw new SignerError('IO', 'the in-progress journal is closed');
    const bytes = Buffer.from(line, 'utf8');
    try {
      let at = 0;
      while (at < bytes.length) at += writeSync(this.fd, bytes, at, bytes.length - at);
    } catch (cause) {
      throw new SignerError('IO', `cannot write the in-progress journal ${this.path}`, { cause });
    }
  }

  /** One signed item, in one write (a kill tears at most this line). */
  append(item: number, raw: readonly Uint8Array[]): void {
    this.write(`${JSON.stringify({ item, raw: raw.map((r) => Buffer.from(r).toString('base64')) })}\n`);
  }

  /**
   * A new key, before the token makes it (no certificate) and once it has (its certificate): each
   * line synced before the journal's caller goes on, so a rerun always knows what it was making.
   */
  noteKey(item: number, alias: string, certificate?: Uint8Array): void {
    this.write(`${JSON.stringify({ item, newKey: alias, ...(certificate === undefined ? {} : { certificate: Buffer.from(certificate).toString('base64') }) })}\n`);
    this.sync();
  }

  sync(): void {
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Once the request is committed, its journal has done its work. */
export function removeJournal(stateDir: string, requestHex: string): void {
  rmSync(journalPath(stateDir, requestHex), { force: true });
}
