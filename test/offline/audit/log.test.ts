/** offline/audit/log.ts: The audit log: a hash chain that shows edits, removals and reorderings; torn writes set aside. */
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../offline/audit/log.ts';
import { GENESIS, canonicalJson, recordHash, sealRecord } from '../../../offline/audit/record.ts';
import type { AuditRecord } from '../../../offline/audit/record.ts';
import type { AuditEntry } from '../../../offline/audit/record.ts';
import { verifyAuditLog } from '../../../offline/audit/verify.ts';
import { signerCli } from '../support/cli.ts';

const hex = (c: string) => c.repeat(64);

function entry(i: number): AuditEntry {
  return i % 3 === 2
    ? { event: 'refused', request: hex('a'), item: i, key: null, reason: 'UNKNOWN_KEY', detail: `item ${i}` }
    : { event: 'signed', request: hex('a'), item: i, scheme: 'v2', algorithm: 0x0103, key: hex('b'), signed: hex('c'), signature: hex('d') };
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A log of n synced records in a fresh directory. */
function makeLog(n: number): { dir: string; path: string; lines: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'airsign-audit-'));
  made.push(dir);
  const path = join(dir, 'audit.log');
  const log = AuditLog.open(path);
  for (let i = 0; i < n; i++) log.append(entry(i));
  log.sync();
  log.close();
  return { dir, path, lines: () => readFileSync(path, 'utf8').trimEnd().split('\n') };
}

const kinds = (path: string) => verifyAuditLog(path).problems.map((p) => p.kind);

describe('audit log', () => {
  it('seals a record in one pass exactly as recordHash and canonicalJson would', () => {
    const partials = [
      entry(0),
      entry(2),
      { event: 'refused', request: hex('e'), item: 7, key: hex('f'), reason: 'POLICY_VERSION_ROLLBACK', detail: 'quote " backslash \\ tab \t é ✓ \u2028' },
      { event: 'keygen', key: hex('1'), label: 'release "2026"', keyType: 'rsa:4096' },
    ].map((e, i) => ({ ...e, v: 1, seq: i + 1, time: '2026-12-03T10:00:00.000Z', prev: GENESIS }) as Omit<AuditRecord, 'hash'>);
    for (const partial of partials) {
      const { record, line } = sealRecord(partial);
      expect(record.hash).toBe(recordHash(partial));
      expect(line).toBe(`${canonicalJson(record)}\n`);
      expect(JSON.parse(line)).toEqual(record);
    }
  });

  it('chains records and verifies them, reopening where it left off', () => {
    const { path, lines } = makeLog(5);
    const records = lines().map((l) => JSON.parse(l) as { seq: number; prev: string; hash: string });
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]!.prev).toBe(GENESIS);
    records.slice(1).forEach((r, i) => expect(r.prev).toBe(records[i]!.hash));
    for (const r of records) expect(recordHash(r as never)).toBe(r.hash);
    const again = AuditLog.open(path);
    expect(again.current).toEqual({ seq: 5, head: records[4]!.hash });
    again.append(entry(5));
    expect(again.sync().seq).toBe(6);
    again.close();
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, records: 6, seq: 6 });
  });

  it('detects an edited record', () => {
    const { path, lines } = makeLog(4);
    const l = lines();
    l[1] = l[1]!.replace('"item":1', '"item":7');
    writeFileSync(path, `${l.join('\n')}\n`);
    expect(kinds(path)).toContain('edited');
    expect(() => AuditLog.open(path)).toThrow(expect.objectContaining({ code: 'AUDIT_CORRUPT' }));
  });

  it('detects an edit that recomputes the record hash (the next record no longer links)', () => {
    const { path, lines } = makeLog(4);
    const l = lines();
    const r = JSON.parse(l[1]!);
    r.item = 7;
    r.hash = recordHash(r);
    l[1] = JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1))));
    writeFileSync(path, `${l.join('\n')}\n`);
    expect(kinds(path)).toEqual(['chain']);
  });

  it('detects a removed record', () => {
    const { path, lines } = makeLog(4);
    const l = lines();
    l.splice(1, 1);
    writeFileSync(path, `${l.join('\n')}\n`);
    expect(kinds(path)).toEqual(expect.arrayContaining(['sequence', 'chain']));
  });

  it('detects reordered records', () => {
    const { path, lines } = makeLog(4);
    const l = lines();
    [l[1], l[2]] = [l[2]!, l[1]!];
    writeFileSync(path, `${l.join('\n')}\n`);
    expect(kinds(path)).toEqual(expect.arrayContaining(['sequence', 'chain']));
  });

  it('detects records cut off the end, through the anchor', () => {
    const { path, lines } = makeLog(4);
    writeFileSync(path, `${lines().slice(0, 2).join('\n')}\n`);
    expect(kinds(path)).toEqual(['truncated']);
    expect(() => AuditLog.open(path)).toThrow(expect.objectContaining({ code: 'AUDIT_TRUNCATED' }));
  });

  it('refuses garbage lines and overlong lines', () => {
    const { path } = makeLog(2);
    appendFileSync(path, `not json\n${'x'.repeat(10_000)}\n`);
    expect(kinds(path)).toEqual(['malformed', 'malformed']);
  });

  it('sets a torn last record aside without losing the records before it', () => {
    const { dir, path, lines } = makeLog(3);
    const before = lines();
    // A crash mid-append: half a record, no newline (and, as ext4 may leave it, some zero bytes).
    const torn = `${JSON.stringify({ v: 1, seq: 4 }).slice(0, 20)}\u0000\u0000`;
    appendFileSync(path, torn);
    const log = AuditLog.open(path);
    expect(log.quarantined).toBeDefined();
    expect(readFileSync(log.quarantined!, 'utf8')).toBe(torn);
    expect(log.current.seq).toBe(3);
    log.append(entry(3));
    log.sync();
    log.close();
    expect(lines().slice(0, 3)).toEqual(before);
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, records: 4 });
    expect(readdirSync(dir).filter((f) => f.includes('.torn-'))).toHaveLength(1);
  });

  it('`audit verify` exits 0 on a sound log; a torn tail is AUDIT_TRUNCATED (set aside), an edit AUDIT_CORRUPT; one line on stderr', () => {
    const { dir, path, lines } = makeLog(3);
    const env = process.env;
    const oneLine = (r: { stderr: string }) => expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    let r = signerCli(['audit', 'verify', '--log', path], env);
    expect(r.status).toBe(0);
    expect(r.last).toContain('3 record(s), chain intact');
    appendFileSync(path, '{"v":1,"seq":4,"ti');
    r = signerCli(['audit', 'verify', '--log', path], env);
    expect(r.status).toBe(1);
    oneLine(r);
    expect(r.stderr).toMatch(/^airsign-signer: AUDIT_TRUNCATED: .*truncated.*cut off mid-line.*set aside in /);
    expect(r.stdout).toContain('line 4: truncated');
    expect(lines()).toHaveLength(3);
    expect(readdirSync(dir).filter((f) => f.includes('.torn-'))).toHaveLength(1);
    expect(signerCli(['audit', 'verify', '--log', path], env).status).toBe(0); // what was set aside is gone from the log
    writeFileSync(path, `${lines().reverse().join('\n')}\n`);
    r = signerCli(['audit', 'verify', '--log', path], env);
    expect(r.status).toBe(1);
    oneLine(r);
    expect(r.stderr).toContain('AUDIT_CORRUPT');
  });

  it('`audit verify` refuses a log or state directory that does not exist, in one line', () => {
    const { dir } = makeLog(1);
    for (const args of [['--log', join(dir, 'no-such.log')], ['--state', join(dir, 'no-such-state')]]) {
      const r = signerCli(['audit', 'verify', ...args], process.env);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('AUDIT_MISSING');
    }
    const r = signerCli(['audit', 'verify', '--log', dir], process.env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airsign-signer: IO: .* is not a file\n$/);
  });

  it('verifyAuditLog reports a torn tail as truncated', () => {
    const { path } = makeLog(2);
    appendFileSync(path, '{"v":1,"se');
    expect(verifyAuditLog(path, { setAsideTorn: false })).toMatchObject({ ok: false, records: 2, quarantined: undefined, problems: [{ kind: 'truncated', line: 3 }] });
  });
});
