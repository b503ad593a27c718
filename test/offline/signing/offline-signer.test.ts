/**
 * offline/signing/offline-signer.ts and sign-review.ts: The signing core on a real SoftHSM2 token with RSA 3072, RSA 4096 and EC P-256 keys, and a token
 * with many keys: signatures verify against the certificates, every policy rule refuses what it
 * should, and the audit log and policy state say what happened.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { messageDigest } from '../../../protocol/messages/index.ts';
import type { ItemResult, SigningRequest } from '../../../protocol/messages/index.ts';
import type { KeyType } from '../../../protocol/signing/index.ts';
import { verifyAuditLog } from '../../../offline/audit/verify.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { parsePolicy } from '../../../offline/policy/load.ts';
import type { Policy } from '../../../offline/policy/schema.ts';
import { OfflineSigner } from '../../../offline/signing/offline-signer.ts';
import { auditLogPath } from '../../../offline/state/paths.ts';
import { makeRequest } from '../support/requests.ts';
import type { ItemSpec } from '../support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';
import { verifyResponse } from '../support/verify-response.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let many: MadeKey[];

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('release');
  hsm.initToken('many');
  keys = makeKeys(hsm, 'release', [
    { label: 'rsa3072', keyType: { kind: 'rsa', bits: 3072 } },
    { label: 'rsa4096', keyType: { kind: 'rsa', bits: 4096 } },
    { label: 'p256', keyType: { kind: 'ec', curve: 'p256' } },
  ]);
  many = makeKeys(hsm, 'many', Array.from({ length: 10 }, (_, i) => ({ label: `app${i}`, keyType: { kind: 'ec', curve: 'p256' } as const })));
}, 300_000);

afterAll(() => hsm.remove());

/** A token of its own, so removing its directory disturbs no other test. */
function freshSpareToken(keyType: KeyType = { kind: 'ec', curve: 'p256' }): { keys: MadeKey[]; tokenDir: string } {
  const before = new Set(readdirSync(join(hsm.dir, 'tokens')));
  hsm.initToken('spare');
  const tokenDir = readdirSync(join(hsm.dir, 'tokens')).find((d) => !before.has(d))!;
  return { keys: makeKeys(hsm, 'spare', [{ label: 'spare', keyType }]), tokenDir: join(hsm.dir, 'tokens', tokenDir) };
}

const anyPolicy = (over: Record<string, unknown> = {}): Policy =>
  parsePolicy(JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['*'], artifacts: ['jar'] }], ...over }));

function signer(token = 'release', policy = anyPolicy(), stateDir = mkdtempSync(join(hsm.dir, 'state-'))): OfflineSigner {
  return OfflineSigner.open({ policy, uri: parsePkcs11Uri(`pkcs11:token=${token}`), stateDir, allowNetwork: true });
}

function run(s: OfflineSigner, request: SigningRequest, options: { approved?: boolean | Set<number>; resign?: boolean; onItem?: (r: ItemResult) => void } = {}) {
  if (!s.isLoggedIn) s.login(Buffer.from(USER_PIN));
  const review = s.review(request, { resign: options.resign });
  return s.sign(review, { approved: options.approved ?? true, onItem: options.onItem });
}

const reasons = (results: readonly ItemResult[]) => results.map((r) => (r.status === 'signed' ? 'signed' : r.reason));

function auditEvents(s: OfflineSigner): { event: string; item?: number; reason?: string }[] {
  return readFileSync(auditLogPath(s.stateDir), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('signing on SoftHSM2', () => {
  it('signs v2+v3 and v1 items with RSA 3072, RSA 4096 and P-256; every signature verifies', () => {
    const s = signer();
    const specs: ItemSpec[] = [];
    keys.forEach((_, k) => {
      specs.push({ key: k, name: `org.example.k${k}`, versionCode: 5, round: 'v2v3' });
      specs.push({ key: k, name: `org.example.old${k}`, versionCode: 5, round: 'v1' });
      specs.push({ key: k, artifact: 'jar', name: 'index-v1.jar', versionCode: 1_700_000_000 });
    });
    const request = makeRequest(keys, specs);
    const response = run(s, request);
    expect(reasons(response.results)).toEqual(specs.map(() => 'signed'));
    expect(verifyResponse(request, response, keys)).toBe(3 * (2 + 1 + 1));
    expect(response.requestDigest).toEqual(messageDigest(request));
    // RSA 4096 signs v2/v3 with SHA-512, as apksigner chooses; ECDSA comes back in DER.
    const algs = response.results.map((r) => (r.status === 'signed' ? r.signatures.map((x) => x.method) : []));
    expect(algs[3]).toEqual(['rsa-pkcs1-sha512', 'rsa-pkcs1-sha512']);
    expect(algs[6]).toEqual(['ecdsa-sha256', 'ecdsa-sha256']);
    // The response quotes the audit log's head; the log holds one record per signature.
    const report = verifyAuditLog(auditLogPath(s.stateDir));
    expect(report).toMatchObject({ ok: true, records: 12, seq: response.audit.seq });
    expect(toHex(response.audit.head)).toBe(report.head);
    const records = auditEvents(s) as unknown as { event: string; request: string; signed: string }[];
    expect(records.every((r) => r.event === 'signed' && r.request === toHex(response.requestDigest))).toBe(true);
    s.close();
  });

  it('finds each item its own key among many keys on one token', () => {
    const s = signer('many');
    const request = makeRequest(many, many.map((_, k) => ({ key: k, name: `org.fdroid.app${k}`, versionCode: 100 + k })));
    const response = run(s, request);
    expect(reasons(response.results).every((r) => r === 'signed')).toBe(true);
    expect(verifyResponse(request, response, many)).toBe(20);
    s.close();
  });

  it('refuses a replayed request unless told to sign it again', () => {
    const s = signer();
    const request = makeRequest(keys, [{ key: 0, name: 'org.example.replay', versionCode: 3 }]);
    expect(reasons(run(s, request).results)).toEqual(['signed']);
    expect(reasons(run(s, request).results)).toEqual(['POLICY_ALREADY_SIGNED']);
    expect(reasons(run(s, request, { resign: true }).results)).toEqual(['signed']);
    s.close();
  });

  it('keeps version codes rising across requests, and remembers across restarts', () => {
    const dir = mkdtempSync(join(hsm.dir, 'state-'));
    let s = signer('release', anyPolicy(), dir);
    const sha = new Uint8Array(32).fill(7);
    expect(reasons(run(s, makeRequest(keys, [{ key: 0, name: 'org.example.rb', versionCode: 10, sha256: sha }])).results)).toEqual(['signed']);
    s.close();
    s = signer('release', anyPolicy(), dir);
    const next = makeRequest(keys, [
      { key: 0, name: 'org.example.rb', versionCode: 9 },
      { key: 0, name: 'org.example.rb', versionCode: 10 },
      { key: 0, name: 'org.example.rb', versionCode: 10, sha256: sha, round: 'v1' },
      { key: 1, name: 'org.example.rb', versionCode: 9 },
      { key: 0, name: 'org.example.rb', versionCode: 12 },
      { key: 0, name: 'org.example.rb', versionCode: 11 },
    ]);
    expect(reasons(run(s, next).results)).toEqual(['POLICY_VERSION_ROLLBACK', 'POLICY_VERSION_ROLLBACK', 'signed', 'signed', 'signed', 'POLICY_VERSION_ROLLBACK']);
    s.close();
  });

  it('applies the key, package, kind, size and time rules, and logs each refusal', () => {
    const policy = anyPolicy({
      maxItemsPerRequest: 5,
      rules: [
        { keys: [`sha256:${toHex(keys[0]!.fingerprint)}`], packages: ['org.example.*'], artifacts: ['apk'] },
        { keys: ['label:p256'], packages: ['entry.jar'], artifacts: ['jar'] },
      ],
    });
    const s = signer('release', policy);
    const request = makeRequest([...keys, many[0]!], [
      { key: 0, name: 'org.example.ok', versionCode: 1 },
      { key: 0, name: 'com.other.app', versionCode: 1 },
      { key: 0, artifact: 'jar', name: 'org.example.lib.jar', versionCode: 1 },
      { key: 1, name: 'org.example.ok', versionCode: 1 },
      { key: 3, name: 'org.example.ok', versionCode: 1 },
    ]);
    const response = run(s, request);
    expect(reasons(response.results)).toEqual(['signed', 'POLICY_PACKAGE_NOT_ALLOWED', 'POLICY_ARTIFACT_KIND_NOT_ALLOWED', 'POLICY_KEY_NOT_ALLOWED', 'UNKNOWN_KEY']);
    expect(auditEvents(s).map((e) => e.reason ?? e.event)).toEqual(['signed', 'signed', 'POLICY_PACKAGE_NOT_ALLOWED', 'POLICY_ARTIFACT_KIND_NOT_ALLOWED', 'POLICY_KEY_NOT_ALLOWED', 'UNKNOWN_KEY']);
    const six = makeRequest(keys, Array.from({ length: 6 }, (_, i) => ({ key: 0, name: `org.example.n${i}` })));
    expect(new Set(reasons(run(s, six).results))).toEqual(new Set(['POLICY_TOO_MANY_ITEMS']));
    const now = Math.floor(Date.now() / 1000);
    expect(reasons(run(s, makeRequest(keys, [{ key: 0, name: 'org.example.t' }], now - 2 * 86400)).results)).toEqual(['POLICY_REQUEST_EXPIRED']);
    expect(reasons(run(s, makeRequest(keys, [{ key: 0, name: 'org.example.t' }], now + 3600)).results)).toEqual(['POLICY_REQUEST_FROM_FUTURE']);
    s.close();
  });

  it('signs nothing the operator did not approve', () => {
    const s = signer();
    const request = makeRequest(keys, [
      { key: 0, name: 'org.example.a', versionCode: 1 },
      { key: 2, name: 'org.example.b', versionCode: 1 },
    ]);
    expect(reasons(run(s, request, { approved: false }).results)).toEqual(['OPERATOR_REFUSED', 'OPERATOR_REFUSED']);
    expect(reasons(run(s, request, { approved: new Set([1]) }).results)).toEqual(['OPERATOR_REFUSED', 'signed']);
    expect(auditEvents(s).filter((e) => e.event === 'signed')).toHaveLength(2);
    s.close();
  });

  it('ends the batch cleanly when the token is gone before it starts: nothing signed, every item TOKEN_ERROR and logged', () => {
    const s = signer();
    try {
      s.login(Buffer.from(USER_PIN));
      const request = makeRequest(keys, Array.from({ length: 3 }, (_, i) => ({ key: 2, name: `org.example.gone${i}`, versionCode: 1 })));
      const review = s.review(request);
      s.token.slot.closeAllSessions(); // the token is pulled between the review and the signing
      const response = s.sign(review, { approved: true });
      expect(reasons(response.results)).toEqual(['TOKEN_ERROR', 'TOKEN_ERROR', 'TOKEN_ERROR']);
      const details = response.results.map((r) => (r.status === 'refused' ? r.detail : ''));
      expect(details[0]).toMatch(/CKR_SESSION_HANDLE_INVALID/);
      expect(details.slice(1).every((d) => d.startsWith('the token went away mid-batch'))).toBe(true);
      expect(auditEvents(s).map((e) => e.reason ?? e.event)).toEqual(['TOKEN_ERROR', 'TOKEN_ERROR', 'TOKEN_ERROR']);
      expect(verifyAuditLog(auditLogPath(s.stateDir)).ok).toBe(true);
    } finally {
      s.close();
    }
  });

  it('ends the batch cleanly when the token vanishes mid-batch: what was signed stays logged, the rest is TOKEN_ERROR', () => {
    // RSA 4096 signs slowly enough that the token is pulled while the signing thread is still
    // working through the batch; where exactly it stops is up to timing, so the test checks shape.
    const spare = freshSpareToken({ kind: 'rsa', bits: 4096 });
    const s = OfflineSigner.open({ policy: anyPolicy(), uri: parsePkcs11Uri('pkcs11:token=spare'), stateDir: mkdtempSync(join(hsm.dir, 'state-')), allowNetwork: true });
    const n = 12;
    const request = makeRequest(spare.keys, Array.from({ length: n }, (_, i) => ({ key: 0, name: `org.example.pulled${i}`, versionCode: 1 })));
    let seen = 0;
    const response = run(s, request, {
      onItem: () => {
        if (++seen === 1) rmSync(spare.tokenDir, { recursive: true });
      },
    });
    const got = reasons(response.results);
    const signed = got.filter((r) => r === 'signed').length;
    expect(signed).toBeGreaterThanOrEqual(1);
    expect(signed).toBeLessThan(n);
    expect(got).toEqual([...Array<string>(signed).fill('signed'), ...Array<string>(n - signed).fill('TOKEN_ERROR')]);
    const refusals = response.results.filter((r) => r.status === 'refused').map((r) => (r.status === 'refused' ? r.detail : ''));
    expect(refusals.slice(1).every((d) => d.startsWith('the token went away mid-batch'))).toBe(true);
    expect(verifyResponse(request, response, spare.keys)).toBe(2 * signed);
    // Every signature the token made is logged, those of the item it failed on included.
    const events = auditEvents(s).map((e) => e.reason ?? e.event);
    const logged = events.filter((e) => e === 'signed').length;
    expect([2 * signed, 2 * signed + 1]).toContain(logged);
    expect(events).toEqual([...Array<string>(logged).fill('signed'), ...Array<string>(n - signed).fill('TOKEN_ERROR')]);
    expect(verifyAuditLog(auditLogPath(s.stateDir)).ok).toBe(true);
    s.close();
  });

  it('refuses to open a second signer on the same state directory', () => {
    const dir = mkdtempSync(join(hsm.dir, 'state-'));
    const a = signer('release', anyPolicy(), dir);
    expect(() => signer('release', anyPolicy(), dir)).toThrow(expect.objectContaining({ code: 'STATE_LOCKED' }));
    a.close();
    signer('release', anyPolicy(), dir).close();
  });
});
