/**
 * `airsign audit check` from the attacker's side: two real rounds (request, the real signer,
 * receive) leave two heads in the online sessions; the offline audit log, exported, passes, and
 * each way of hiding records fails with a typed code and exit 1. A rollback of the whole offline
 * state directory, which the offline side cannot see, is caught here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, recordHash } from '../../../offline/audit/record.ts';
import { makeApk } from '../helpers/apks.ts';

const root = resolve(import.meta.dirname, '../../..');
const USER_PIN = '5678';
let dir: string;
let env: NodeJS.ProcessEnv;
let sessions: string[];
let offlineState: string;
/** The exported log after the first round only. */
let olderLog: string;

function run(program: 'online/cli/airsign.js' | 'offline/cli/airsign-signer.js', args: string[]) {
  const r = spawnSync(process.execPath, [join(root, program), ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}
const airsign = (args: string[]) => run('online/cli/airsign.js', args);
const signer = (args: string[]) => run('offline/cli/airsign-signer.js', args);
const codeOf = (stderr: string) => /airsign: ([A-Z_]+):/.exec(stderr)?.[1];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airsign-audit-check-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  env = { ...process.env, SOFTHSM2_CONF: conf };
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'release', '--so-pin', '12345678', '--pin', USER_PIN], { env, stdio: 'pipe' });
  const pinFile = join(dir, 'pin');
  writeFileSync(pinFile, `${USER_PIN}\n`, { mode: 0o600 });
  offlineState = join(dir, 'offline-state');
  const uri = 'pkcs11:token=release;object=app';
  expect(signer(['keygen', '--uri', uri, '--type', 'ec:p256', '--subject', 'CN=audit check', '--cert-out', join(dir, 'cert.pem'), '--pin-file', pinFile, '--state', offlineState]).code).toBe(0);
  expect(signer(['export-cert', '--uri', uri, '--out', join(dir, 'cert.msg')]).code).toBe(0);
  const policy = join(dir, 'policy.json');
  expect(signer(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=release', '--kind', 'apk', '--kind', 'jar']).code).toBe(0);
  writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(policy, 'utf8')), unattended: true }));
  sessions = [];
  for (const [i, name] of ['org.example.one', 'org.example.two'].entries()) {
    const apk = join(dir, `${name}.apk`);
    await makeApk(apk, { packageName: name, versionCode: 3, minSdk: 26 });
    const work = join(dir, `work-${i}`);
    const requested = airsign(['request', apk, '--cert', join(dir, 'cert.msg'), '--session', work]);
    expect(requested.code, requested.stderr).toBe(0);
    const response = join(dir, `response-${i}.msg`);
    const signed = signer(['sign', '--in', requested.last, '--out', response, '--policy', policy, '--uri', 'pkcs11:token=release', '--state', offlineState, '--yes', '--pin-file', pinFile, '--allow-network']);
    expect(signed.code, signed.stderr).toBe(0);
    const received = airsign(['receive', work, '--in', response]);
    expect(received.code, received.stderr).toBe(0);
    sessions.push(work);
    if (i === 0) {
      olderLog = join(dir, 'older-audit.log');
      copyFileSync(join(offlineState, 'audit.log'), olderLog);
    }
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exported(name: string, edit?: (lines: string[]) => string[]): string {
  const path = join(dir, name);
  const lines = readFileSync(join(offlineState, 'audit.log'), 'utf8').trimEnd().split('\n');
  writeFileSync(path, `${(edit ?? ((l) => l))(lines).join('\n')}\n`);
  return path;
}

/** Every hash and link redone after `edit`, as an attacker holding the file would. */
function rechained(lines: string[], edit: (records: Record<string, unknown>[]) => Record<string, unknown>[]): string[] {
  let prev = '0'.repeat(64);
  return edit(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).map((r, i) => {
    const record = { ...r, seq: i + 1, prev } as Record<string, unknown>;
    delete record.hash;
    record.hash = recordHash(record as never);
    prev = record.hash as string;
    return canonicalJson(record);
  });
}

describe('airsign audit check', () => {
  it('passes the exported log the responses came from', () => {
    const r = airsign(['audit', 'check', '--log', exported('audit.log'), ...sessions]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.last).toMatch(/chain intact; all 2 head\(s\) the responses carried are in it/);
  });

  it('an older log (the whole offline state rolled back): AUDIT_HEAD_MISSING', () => {
    const r = airsign(['audit', 'check', '--log', olderLog, ...sessions]);
    expect(r.code).toBe(1);
    expect(codeOf(r.stderr), r.stderr).toBe('AUDIT_HEAD_MISSING');
  });

  it('the last request cut off: AUDIT_HEAD_MISSING', () => {
    const r = airsign(['audit', 'check', '--log', exported('cut.log', (l) => l.slice(0, -1)), ...sessions]);
    expect(r.code).toBe(1);
    expect(codeOf(r.stderr)).toBe('AUDIT_HEAD_MISSING');
  });

  it('a record rewritten with every hash redone: AUDIT_HEAD_MISMATCH', () => {
    const path = exported('rewritten.log', (l) => rechained(l, (records) => records.map((r, i) => (i === 1 ? { ...r, item: 7 } : r))));
    const r = airsign(['audit', 'check', '--log', path, ...sessions]);
    expect(r.code).toBe(1);
    expect(codeOf(r.stderr)).toBe('AUDIT_HEAD_MISMATCH');
  });

  it('a record edited in place: AUDIT_CHAIN_BROKEN', () => {
    const path = exported('edited.log', (l) => l.map((line, i) => (i === 1 ? line.replace('"item":0', '"item":4') : line)));
    const r = airsign(['audit', 'check', '--log', path, ...sessions]);
    expect(r.code).toBe(1);
    expect(codeOf(r.stderr)).toBe('AUDIT_CHAIN_BROKEN');
  });

  it('a request\'s signed records swapped for refusals, chain redone, padded to the same length: AUDIT_HEAD_MISMATCH and AUDIT_REQUEST_MISSING', () => {
    const path = exported('hidden.log', (l) =>
      rechained(l, (records) => {
        const last = records.at(-1)!.request;
        return records.map((r) => (r.request === last && r.event === 'signed' ? { v: 1, seq: 0, time: r.time, prev: '', event: 'refused', request: last, item: r.item, key: null, reason: 'OPERATOR_REFUSED', detail: '' } : r));
      }),
    );
    const r = airsign(['audit', 'check', '--log', path, ...sessions]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('AUDIT_REQUEST_MISSING');
  });
});
