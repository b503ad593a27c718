/**
 * offline/signing/new-key.ts, offline/policy/new-keys.ts: items that ask the signer to make a key,
 * on a real SoftHSM2 token through the signing core. Allowed by a createKeys rule, the key is made
 * in the token, the item is signed with it in the same round and the response carries its
 * certificate; every other request that asks for a key (a package or type the policy does not
 * allow, an alias on the token, a key asked for twice, an item of another package or kind, no
 * createKeys rule at all, the operator saying no) is refused per item, typed, and the token's
 * objects are the same after it as before.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import type { NewKeyRequest, SigningItem, SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { SigningRequest as RequestSchema } from '../../../protocol/messages/index.ts';
import { buildToBeSigned } from '../../../protocol/signing/index.ts';
import type { KeyType } from '../../../protocol/signing/index.ts';
import { verify } from 'node:crypto';
import { verifyAuditLog } from '../../../offline/audit/verify.ts';
import { sha256Bytes } from '../../../offline/digest.ts';
import { findObjects } from '../../../offline/pkcs11/objects.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { parsePolicy } from '../../../offline/policy/load.ts';
import type { Policy } from '../../../offline/policy/schema.ts';
import { OfflineSigner } from '../../../offline/signing/offline-signer.ts';
import { reviewLines } from '../../../offline/operator/review-text.ts';
import { auditLogPath } from '../../../offline/state/paths.ts';
import { makeItem, makeRequest } from '../support/requests.ts';
import { MODULE, USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('apps');
  keys = makeKeys(hsm, 'apps', [{ label: 'existing', keyType: { kind: 'ec', curve: 'p256' } }]);
}, 300_000);

afterAll(() => hsm.remove());

const creating = (over: Record<string, unknown> = {}): Policy =>
  parsePolicy(JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'], createKeys: ['ec:p256', 'rsa:3072'], ...over }, { keys: ['label:existing'], packages: ['*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['*'], artifacts: ['jar'] }] }));

function signer(policy: Policy): OfflineSigner {
  return OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=apps'), stateDir: mkdtempSync(join(hsm.dir, 'state-')), allowNetwork: true });
}

/** Every object on the token, by class and label (the signer's own logged-in session sees the private ones). */
function tokenObjects(s: OfflineSigner): string[] {
  if (!s.isLoggedIn) s.login(Buffer.from(USER_PIN));
  return (['certificate', 'public', 'private'] as const).flatMap((cls) => findObjects(s.token.session, cls).map((o) => `${cls}:${o.label}`)).sort();
}

const P256: KeyType = { kind: 'ec', curve: 'p256' };
const RSA3072: KeyType = { kind: 'rsa', bits: 3072 };

/** An APK item for a key made for it: the key index points past the request's certificates. */
function newKeyItem(keyIndex: number, name: string, keyType: KeyType, round: 'v1' | 'v2v3' = 'v2v3'): SigningItem {
  return { ...makeItem([{ fingerprint: new Uint8Array(32), keyType }], { key: 0, name, versionCode: 1, round }), key: keyIndex };
}

/** A request with an item for the existing key, then one item per new key asked for. */
function requestWith(newKeys: NewKeyRequest[], items: ((first: number) => SigningItem)[]): SigningRequest {
  const base = makeRequest(keys, [{ key: 0, name: 'org.example.old', versionCode: 3 }]);
  return RequestSchema.parse({ ...base, newKeys, items: [...base.items, ...items.map((make) => make(base.keys.length))] });
}

function sign(s: OfflineSigner, request: SigningRequest, approved: boolean | Set<number> = true): SigningResponse {
  if (!s.isLoggedIn) s.login(Buffer.from(USER_PIN));
  return s.sign(s.review(request), { approved });
}

const outcome = (r: SigningResponse) => r.results.map((x) => (x.status === 'signed' ? 'signed' : x.reason));

function audit(s: OfflineSigner): Record<string, unknown>[] {
  return readFileSync(auditLogPath(s.stateDir), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('a key made for an item', () => {
  it('is made in the token, shown as a NEW KEY, signs its item in the same round, is logged and comes back as a certificate', () => {
    const s = signer(creating());
    try {
      const before = tokenObjects(s);
      const spec: NewKeyRequest = { alias: '57f10d95', keyType: 'ec:p256', package: 'org.example.notes' };
      const request = requestWith([spec], [(k) => newKeyItem(k, 'org.example.notes', P256)]);
      const review = s.review(request);
      expect(review.items[1]!.verdict.allowed).toBe(true);
      const text = reviewLines(review).join('\n');
      expect(text).toContain('NEW KEY: alias 57f10d95, type ec:p256, for package org.example.notes');
      expect(text).toContain('CN=org.example.notes, OU=57f10d95');
      const response = s.sign(review, { approved: true });
      expect(outcome(response)).toEqual(['signed', 'signed']);
      const made = response.results[1]!;
      if (made.status !== 'signed' || made.certificate === undefined) throw new Error('no certificate for the made key');
      const old = response.results[0]!;
      expect(old.status === 'signed' ? old.certificate : 'refused').toBeUndefined();
      const cert = new X509Certificate(made.certificate);
      expect(cert.subject).toContain('CN=org.example.notes');
      // Each signature verifies under the returned certificate, over bytes that embed it (v2/v3).
      const tbs = buildToBeSigned(request.items[1]!, made.certificate);
      made.signatures.forEach((sig, i) => expect(verify(tbs[i]!.hash, tbs[i]!.data, { key: cert.publicKey, dsaEncoding: 'der' }, sig.signature)).toBe(true));
      // The token holds the key and its certificate under the alias, sensitive as the ceremony makes it.
      expect(tokenObjects(s)).toEqual([...before, 'certificate:57f10d95', 'private:57f10d95', 'public:57f10d95'].sort());
      const onToken = s.token.keys().find((k) => k.label === '57f10d95')!;
      expect(toHex(onToken.fingerprint!)).toBe(toHex(sha256Bytes(made.certificate)));
      const keygen = audit(s).filter((r) => r.event === 'keygen');
      expect(keygen).toEqual([expect.objectContaining({ key: toHex(onToken.fingerprint!), label: '57f10d95', keyType: 'ec:p256', request: toHex(review.requestDigest), item: 1, name: 'org.example.notes' })]);
      expect(audit(s).filter((r) => r.event === 'signed' && r.item === 1).map((r) => r.key)).toEqual([toHex(onToken.fingerprint!), toHex(onToken.fingerprint!)]);
      expect(verifyAuditLog(auditLogPath(s.stateDir)).ok).toBe(true);

      // The next publish names the key by its certificate, as any key: no key is made.
      const next = RequestSchema.parse({ ...makeRequest([{ fingerprint: onToken.fingerprint!, keyType: P256 }], [{ key: 0, name: 'org.example.notes', versionCode: 2 }]) });
      const objects = tokenObjects(s);
      expect(outcome(sign(s, next))).toEqual(['signed']);
      expect(tokenObjects(s)).toEqual(objects);
    } finally {
      s.close();
    }
  }, 300_000);

  it('makes an RSA 3072 key for a v1 round', () => {
    const s = signer(creating());
    try {
      const request = requestWith([{ alias: 'rsaapp01', keyType: 'rsa:3072', package: 'org.example.legacy' }], [(k) => newKeyItem(k, 'org.example.legacy', RSA3072, 'v1')]);
      const response = sign(s, request);
      expect(outcome(response)).toEqual(['signed', 'signed']);
      const made = response.results[1]!;
      if (made.status !== 'signed' || made.certificate === undefined) throw new Error('no certificate');
      expect(new X509Certificate(made.certificate).publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
      expect(made.signatures.map((x) => x.scheme)).toEqual(['v1']);
    } finally {
      s.close();
    }
  }, 300_000);
});

describe('a request cannot make a key the policy does not allow', () => {
  const cases: { name: string; policy: Policy; newKeys: NewKeyRequest[]; items: ((first: number) => SigningItem)[]; reasons: string[] }[] = [
    { name: 'no createKeys rule (the default)', policy: parsePolicy(JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['*'], artifacts: ['apk'] }] })), newKeys: [{ alias: 'aaaa0001', keyType: 'ec:p256', package: 'org.example.a' }], items: [(k) => newKeyItem(k, 'org.example.a', P256)], reasons: ['POLICY_KEY_CREATION_NOT_ALLOWED'] },
    { name: 'a package outside the rule', policy: creating(), newKeys: [{ alias: 'aaaa0002', keyType: 'ec:p256', package: 'com.other.app' }], items: [(k) => newKeyItem(k, 'com.other.app', P256)], reasons: ['POLICY_KEY_CREATION_NOT_ALLOWED'] },
    { name: 'a key type the rule does not list', policy: creating(), newKeys: [{ alias: 'aaaa0003', keyType: 'rsa:4096', package: 'org.example.big' }], items: [(k) => newKeyItem(k, 'org.example.big', { kind: 'rsa', bits: 4096 })], reasons: ['POLICY_KEY_CREATION_NOT_ALLOWED'] },
    { name: 'a rule whose keys name another label', policy: creating({ keys: ['label:someone-else'] }), newKeys: [{ alias: 'aaaa0004', keyType: 'ec:p256', package: 'org.example.b' }], items: [(k) => newKeyItem(k, 'org.example.b', P256)], reasons: ['POLICY_KEY_CREATION_NOT_ALLOWED'] },
    { name: 'an alias already on the token', policy: creating(), newKeys: [{ alias: 'existing', keyType: 'ec:p256', package: 'org.example.c' }], items: [(k) => newKeyItem(k, 'org.example.c', P256)], reasons: ['NEW_KEY_INVALID'] },
    {
      name: 'the same alias twice in one request',
      policy: creating(),
      newKeys: [{ alias: 'aaaa0005', keyType: 'ec:p256', package: 'org.example.d' }, { alias: 'aaaa0005', keyType: 'ec:p256', package: 'org.example.e' }],
      items: [(k) => newKeyItem(k, 'org.example.d', P256), (k) => newKeyItem(k + 1, 'org.example.e', P256)],
      reasons: ['NEW_KEY_INVALID', 'NEW_KEY_INVALID'],
    },
    { name: 'one new key named by two items', policy: creating(), newKeys: [{ alias: 'aaaa0006', keyType: 'ec:p256', package: 'org.example.f' }], items: [(k) => newKeyItem(k, 'org.example.f', P256), (k) => ({ ...newKeyItem(k, 'org.example.f', P256), versionCode: 2 })], reasons: ['NEW_KEY_INVALID', 'NEW_KEY_INVALID'] },
    { name: 'an item of another package than the key is for', policy: creating(), newKeys: [{ alias: 'aaaa0007', keyType: 'ec:p256', package: 'org.example.g' }], items: [(k) => newKeyItem(k, 'org.example.h', P256)], reasons: ['NEW_KEY_INVALID'] },
    { name: 'a JAR item', policy: creating(), newKeys: [{ alias: 'aaaa0008', keyType: 'ec:p256', package: 'org.example.i' }], items: [(k) => ({ ...makeItem([{ fingerprint: new Uint8Array(32), keyType: P256 }], { key: 0, artifact: 'jar', name: 'entry.jar', versionCode: 5 }), key: k })], reasons: ['NEW_KEY_INVALID'] },
    { name: 'a new key under a rule that requires proof, for an item without one', policy: creating({ requireProof: true }), newKeys: [{ alias: 'aaaa0010', keyType: 'ec:p256', package: 'org.example.k' }], items: [(k) => newKeyItem(k, 'org.example.k', P256)], reasons: ['POLICY_PROOF_REQUIRED'] },
    { name: 'a key index past the new keys too', policy: creating(), newKeys: [{ alias: 'aaaa0009', keyType: 'ec:p256', package: 'org.example.j' }], items: [(k) => newKeyItem(k + 1, 'org.example.j', P256)], reasons: ['INVALID_ITEM'] },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}, per item, and the token is unchanged`, () => {
      const s = signer(c.policy);
      try {
        const before = tokenObjects(s);
        const response = sign(s, requestWith(c.newKeys, c.items));
        expect(outcome(response)).toEqual(['signed', ...c.reasons]);
        expect(tokenObjects(s)).toEqual(before);
        expect(audit(s).filter((r) => r.event === 'keygen')).toEqual([]);
        expect(audit(s).filter((r) => r.event === 'refused').map((r) => r.reason)).toEqual(c.reasons);
      } finally {
        s.close();
      }
    }, 120_000);
  }

  it('makes no key for an item the operator did not approve', () => {
    const s = signer(creating());
    try {
      const before = tokenObjects(s);
      const response = sign(s, requestWith([{ alias: 'bbbb0001', keyType: 'ec:p256', package: 'org.example.k' }], [(k) => newKeyItem(k, 'org.example.k', P256)]), new Set([0]));
      expect(outcome(response)).toEqual(['signed', 'OPERATOR_REFUSED']);
      expect(tokenObjects(s)).toEqual(before);
    } finally {
      s.close();
    }
  }, 120_000);

  it('refuses an alias whose only object is a private key the review could not see before login; the orphan is left alone', () => {
    const tool = (args: string[]) => execFileSync('pkcs11-tool', ['--module', MODULE, '--token-label', 'apps', '--login', '--pin', USER_PIN, ...args], { env: hsm.env, stdio: 'pipe' });
    tool(['--keypairgen', '--key-type', 'EC:prime256v1', '--label', 'orphan01', '--id', '0f0f']);
    tool(['--delete-object', '--type', 'pubkey', '--label', 'orphan01']);
    const s = signer(creating());
    try {
      const request = requestWith([{ alias: 'orphan01', keyType: 'ec:p256', package: 'org.example.orphan' }], [(k) => newKeyItem(k, 'org.example.orphan', P256)]);
      const review = s.review(request);
      expect(review.items[1]!.verdict.allowed).toBe(true);
      const before = tokenObjects(s);
      expect(before).toContain('private:orphan01');
      const response = s.sign(review, { approved: true });
      expect(outcome(response)).toEqual(['signed', 'NEW_KEY_INVALID']);
      expect(tokenObjects(s)).toEqual(before);
    } finally {
      s.close();
    }
  }, 120_000);

  it('refuses a policy with createKeys on a jar rule', () => {
    expect(() => parsePolicy(JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['*'], artifacts: ['jar'], createKeys: ['ec:p256'] }] }))).toThrow(/createKeys/);
  });
});
