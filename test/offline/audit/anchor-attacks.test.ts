/**
 * offline/audit/anchor.ts and keyed-anchor.ts: The audit log from the attacker's side, after real signing through the real program: each way
 * of hiding what the keys did that once passed `audit verify` now fails it with a typed code and
 * exit 1, and the signer refuses to sign on top of it. What the offline side cannot see (every file
 * of the state directory rolled back together) is left to the online side's `airsign audit check`.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, recordHash } from '../../../offline/audit/record.ts';
import { messageToTransfer } from '../../../protocol/messages/index.ts';
import { signerCli } from '../support/cli.ts';
import { makeRequest } from '../support/requests.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let policy: string;
/** A state directory after one signed request. */
let older: string;
/** The same directory after a second signed request. */
let base: string;
let n = 0;

function sign(state: string, name: string) {
  const request = makeRequest(keys, [{ key: 0, name }, { key: 1, name: `${name}.jar`, artifact: 'jar' }]);
  const input = join(hsm.dir, `request-${n}.msg`);
  writeFileSync(input, messageToTransfer(request));
  const out = join(hsm.dir, `response-${n++}.msg`);
  return signerCli(['sign', '--in', input, '--out', out, '--policy', policy, '--uri', 'pkcs11:token=anchor', '--state', state, '--yes', '--pin-file', hsm.pinFile, '--allow-network'], hsm.env);
}

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('anchor');
  keys = makeKeys(hsm, 'anchor', [
    { label: 'app', keyType: { kind: 'rsa', bits: 2048 } },
    { label: 'index', keyType: { kind: 'ec', curve: 'p256' } },
  ]);
  const initial = join(hsm.dir, 'policy-init.json');
  expect(signerCli(['policy', 'init', '--out', initial, '--uri', 'pkcs11:token=anchor', '--kind', 'apk', '--kind', 'jar'], hsm.env).status).toBe(0);
  policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(initial, 'utf8')), unattended: true }));
  base = join(hsm.dir, 'base');
  expect(sign(base, 'org.example.first').status).toBe(0);
  older = join(hsm.dir, 'older');
  cpSync(base, older, { recursive: true });
  const second = sign(base, 'org.example.second');
  expect(second.status, second.stderr).toBe(0);
}, 180_000);

afterAll(() => hsm.remove());

/** A copy of the signed state directory to attack. */
function copy(): string {
  const dir = join(hsm.dir, `attack-${n++}`);
  cpSync(base, dir, { recursive: true });
  return dir;
}

const verify = (state: string, extra: string[] = []) => signerCli(['audit', 'verify', '--state', state, '--uri', 'pkcs11:token=anchor', ...extra], hsm.env);
const lines = (state: string) => readFileSync(join(state, 'audit.log'), 'utf8').trimEnd().split('\n');
const codeOf = (stderr: string) => /airsign-signer: ([A-Z_]+):/.exec(stderr)?.[1];

/** Rewrites records and recomputes every hash and link, as an attacker with the file would. */
function rewriteChain(state: string, edit: (records: Record<string, unknown>[]) => Record<string, unknown>[]): string {
  const records = edit(lines(state).map((l) => JSON.parse(l) as Record<string, unknown>));
  let prev = '0'.repeat(64);
  const out = records.map((r, i) => {
    const record = { ...r, seq: i + 1, prev } as Record<string, unknown>;
    delete record.hash;
    record.hash = recordHash(record as never);
    prev = record.hash as string;
    return canonicalJson(record);
  });
  writeFileSync(join(state, 'audit.log'), `${out.join('\n')}\n`);
  return prev;
}

/** After an attack: audit verify fails with `code`, and sign refuses to go on top of the log. */
function expectRefused(state: string, code: string, signCode: string | RegExp = /^AUDIT_/): void {
  const v = verify(state);
  expect(v.status, v.stdout + v.stderr).toBe(1);
  expect(codeOf(v.stderr), v.stderr).toBe(code);
  const s = sign(state, `org.example.after${n}`);
  expect(s.status, s.stderr).toBe(1);
  expect(codeOf(s.stderr), s.stderr).toMatch(signCode);
}

describe('audit anchor, attacked', () => {
  it('verifies the untouched log, its anchor signed in the token, against the policy state', () => {
    const v = verify(base);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.last).toMatch(/6 record\(s\), chain intact; head seq 6 [0-9a-f]{64}; anchor signed in the token at seq 6; policy state matches$/);
    const anchor = JSON.parse(readFileSync(join(base, 'audit.log.anchor'), 'utf8'));
    expect(anchor.keyed).toMatchObject({ seq: 6, head: anchor.head, key: Buffer.from(keys[0]!.fingerprint).toString('hex') });
    expect(verify(base, ['--cert', keys[0]!.pemPath]).status).toBe(0);
    expect(codeOf(verify(base, ['--cert', keys[1]!.pemPath]).stderr)).toBe('AUDIT_ANCHOR_INVALID');
  });

  it('last record dropped and the anchor deleted: AUDIT_ANCHOR_MISSING', () => {
    const state = copy();
    writeFileSync(join(state, 'audit.log'), `${lines(state).slice(0, -1).join('\n')}\n`);
    rmSync(join(state, 'audit.log.anchor'));
    expectRefused(state, 'AUDIT_ANCHOR_MISSING');
  });

  it('log and anchor deleted while the policy state lists signed requests: AUDIT_MISSING', () => {
    const state = copy();
    rmSync(join(state, 'audit.log'));
    rmSync(join(state, 'audit.log.anchor'));
    const v = verify(state);
    expect(v.status).toBe(1);
    expect(codeOf(v.stderr)).toBe('AUDIT_MISSING');
    expect(v.stdout).not.toContain('chain intact');
    const s = sign(state, 'org.example.nolog');
    expect(s.status).toBe(1);
    expect(codeOf(s.stderr)).toMatch(/^AUDIT_/);
  });

  it('chain and anchor rewritten (a record edited, every hash redone, the keyed part kept): AUDIT_ANCHOR_INVALID', () => {
    const state = copy();
    const head = rewriteChain(state, (records) => records.map((r, i) => (i === 1 ? { ...r, item: 5 } : r)));
    const anchorPath = join(state, 'audit.log.anchor');
    const anchor = JSON.parse(readFileSync(anchorPath, 'utf8'));
    writeFileSync(anchorPath, JSON.stringify({ ...anchor, head }));
    expectRefused(state, 'AUDIT_ANCHOR_INVALID');
  });

  it('chain, anchor and policy state rewritten together without the keyed part: AUDIT_ANCHOR_INVALID', () => {
    const state = copy();
    // The second request's records removed; anchor and state made to agree with what is left.
    const second = JSON.parse(lines(state).at(-1)!).request as string;
    const head = rewriteChain(state, (records) => records.filter((r) => r.request !== second));
    writeFileSync(join(state, 'audit.log.anchor'), JSON.stringify({ seq: 3, head }));
    const statePath = join(state, 'policy-state.json');
    const policyState = JSON.parse(readFileSync(statePath, 'utf8'));
    delete policyState.signedRequests[second];
    writeFileSync(statePath, JSON.stringify({ ...policyState, audit: { seq: 3, head } }));
    const v = verify(state);
    expect(v.status).toBe(1);
    expect(codeOf(v.stderr)).toBe('AUDIT_ANCHOR_INVALID');
    expect(v.stdout).toContain('the anchor is not keyed');
  });

  it('an older log and anchor (genuine, keyed) put back under the newer policy state: AUDIT_STATE_MISMATCH', () => {
    const state = copy();
    cpSync(join(older, 'audit.log'), join(state, 'audit.log'));
    cpSync(join(older, 'audit.log.anchor'), join(state, 'audit.log.anchor'));
    expectRefused(state, 'AUDIT_STATE_MISMATCH');
  });

  it('a signed record appended after the keyed anchor, with a plain anchor to match: AUDIT_ANCHOR_INVALID', () => {
    const state = copy();
    const records = lines(state).map((l) => JSON.parse(l) as Record<string, unknown>);
    const head = rewriteChain(state, () => [...records, { ...records[0]!, item: 9 }]);
    const anchorPath = join(state, 'audit.log.anchor');
    writeFileSync(anchorPath, JSON.stringify({ ...JSON.parse(readFileSync(anchorPath, 'utf8')), seq: 7, head }));
    const v = verify(state);
    expect(v.status).toBe(1);
    expect(codeOf(v.stderr)).toBe('AUDIT_ANCHOR_INVALID');
    expect(v.stdout).toContain('signed records after the keyed anchor');
  });
});
