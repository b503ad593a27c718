/**
 * Rebuilder attestations checked offline: envelopes made by securesystemslib's signers (Ed25519,
 * ECDSA P-256, RSA-PSS) over statements Python serialized verify; forged, unpinned, expired,
 * wrong-subject, wrong-digest, wrong-claim, wrong-predicate, duplicated-signer, second-round and
 * replayed-from-another-request attestations are refused with their codes; M-of-N counts
 * distinct pinned keys only.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalDigest } from '../../../protocol/attest/index.ts';
import { checkVouch } from '../../../offline/vouch/check-vouch.ts';
import type { SigningRequest } from '../../../protocol/messages/index.ts';
import { apkItem, carried, policyWith, pythonEnvelope, pythonKey, requestOf, statementOf, tempDir } from './fixtures.ts';
import type { PythonKey } from './fixtures.ts';

const PKG = 'org.example.app';
let ed: PythonKey;
let ec: PythonKey;
let rsa: PythonKey;
let stranger: PythonKey;

beforeAll(() => {
  const dir = tempDir();
  ed = pythonKey('ed25519', dir);
  ec = pythonKey('ecdsa', dir);
  rsa = pythonKey('rsa', dir);
  stranger = pythonKey('ed25519', dir);
}, 120_000);

const policy = (min: number, from: unknown[] = [ed.spki, ec.spki, rsa.spki]) => policyWith({ attestations: { packages: ['org.example.*'], from, min } });

function judge(request: SigningRequest, min: number, from?: unknown[]) {
  return checkVouch(policy(min, from), request, approvalDigest(request), Math.floor(Date.now() / 1000)).items[0]!;
}

describe('attestations from securesystemslib', () => {
  it('verify for Ed25519, ECDSA P-256 and RSA, and count three distinct pinned keys', () => {
    const item = apkItem(PKG, 12);
    const request = requestOf([item], { attestations: [carried(0, pythonEnvelope(statementOf(item), [ed, ec, rsa]))] });
    const v = judge(request, 3);
    expect(v.attestationRejections).toEqual([]);
    expect(v.attesters).toHaveLength(3);
    expect(v.refusal).toBeUndefined();
    expect(v.attesters[0]!.source).toBe('git+https://example.org/app.git@0123abc');
  });

  it('refuse a forged signature (one byte changed) as ATTESTATION_BAD_SIGNATURE', () => {
    const item = apkItem(PKG, 12);
    const e = carried(0, pythonEnvelope(statementOf(item), [ed]));
    const sig = Uint8Array.from(e.signatures[0]!.sig);
    sig[5]! ^= 1;
    const v = judge(requestOf([item], { attestations: [{ ...e, signatures: [{ sig }] }] }), 1);
    expect(v.refusal?.reason).toBe('ATTESTATION_BAD_SIGNATURE');
  });

  it('refuse a payload altered after signing as ATTESTATION_BAD_SIGNATURE', () => {
    const item = apkItem(PKG, 12);
    const e = carried(0, pythonEnvelope(statementOf(item), [ec]));
    const payload = new TextEncoder().encode(new TextDecoder().decode(e.payload).replace('0123abc', '0123abd'));
    expect(judge(requestOf([item], { attestations: [{ ...e, payload }] }), 1).refusal?.reason).toBe('ATTESTATION_BAD_SIGNATURE');
  });

  it('refuse a key not pinned (ATTESTATION_UNKNOWN_KEY) and a pinned key past its notAfter (ATTESTATION_KEY_EXPIRED)', () => {
    const item = apkItem(PKG, 12);
    const e = carried(0, pythonEnvelope(statementOf(item), [stranger]));
    // With securesystemslib's own key id nothing says whose the key is: no pinned key verifies it.
    expect(judge(requestOf([item], { attestations: [e] }), 1).refusal?.reason).toBe('ATTESTATION_BAD_SIGNATURE');
    // With an airsign key id (SHA-256 of the SPKI), the key is named as not pinned.
    const keyid = `sha256:${createHash('sha256').update(Buffer.from(stranger.spki, 'base64')).digest('hex')}`;
    const named = { ...e, signatures: [{ keyid, sig: e.signatures[0]!.sig }] };
    expect(judge(requestOf([item], { attestations: [named] }), 1).refusal?.reason).toBe('ATTESTATION_UNKNOWN_KEY');
    const byEd = requestOf([item], { attestations: [carried(0, pythonEnvelope(statementOf(item), [ed]))] });
    expect(judge(byEd, 1, [{ key: ed.spki, name: 'rebuilder-a', notAfter: '2020-01-01T00:00:00Z' }]).refusal?.reason).toBe('ATTESTATION_KEY_EXPIRED');
  });

  it('refuse what does not match the item, each with its code', () => {
    const item = apkItem(PKG, 12);
    const cases: [string, (s: Record<string, unknown>, p: Record<string, unknown>) => void][] = [
      ['ATTESTATION_WRONG_SUBJECT', (s) => { s.subject = [{ name: 'other.apk', digest: { sha256: '11'.repeat(32) } }]; }],
      ['ATTESTATION_WRONG_DIGEST', (_s, p) => { p.digests = [{ round: 1, schemes: 'v2+v3', digest: '22'.repeat(32) }]; }],
      ['ATTESTATION_WRONG_CLAIM', (_s, p) => { p.versionCode = 13; }],
      ['ATTESTATION_WRONG_CLAIM', (_s, p) => { p.name = 'org.example.other'; }],
      ['ATTESTATION_WRONG_PREDICATE', (s) => { s.predicateType = 'https://slsa.dev/provenance/v1'; }],
      ['ATTESTATION_WRONG_PREDICATE', (_s, p) => { delete p.source; }],
      ['ATTESTATION_MALFORMED', (s) => { s._type = 'https://in-toto.io/Statement/v0.1'; }],
      ['ATTESTATION_SECOND_ROUND', (_s, p) => { p.rounds = 2; }],
    ];
    for (const [code, change] of cases) {
      const request = requestOf([item], { attestations: [carried(0, pythonEnvelope(statementOf(item, change), [ed]))] });
      expect(judge(request, 1).refusal?.reason, code).toBe(code);
    }
  });

  it('count a key that signs twice once (ATTESTATION_DUPLICATE_SIGNER), in one envelope or two', () => {
    const item = apkItem(PKG, 12);
    const twice = requestOf([item], { attestations: [carried(0, pythonEnvelope(statementOf(item), [ed, ed]))] });
    const v = judge(twice, 2);
    expect(v.attesters).toHaveLength(1);
    expect(v.refusal?.reason).toBe('ATTESTATION_DUPLICATE_SIGNER');
    const other = statementOf(item, (_s, p) => { p.source = 'git+https://example.org/app.git@0123abc (again)'; });
    const apart = requestOf([item], { attestations: [carried(0, pythonEnvelope(statementOf(item), [ed])), carried(0, pythonEnvelope(other, [ed]))] });
    expect(judge(apart, 2).refusal?.reason).toBe('ATTESTATION_DUPLICATE_SIGNER');
  });

  it('count distinct pinned keys only: an unpinned key does not make up the number', () => {
    const item = apkItem(PKG, 12);
    const envelope = (keys: PythonKey[]) => requestOf([item], { attestations: [carried(0, pythonEnvelope(statementOf(item), keys))] });
    const one = judge(envelope([ed, stranger]), 2);
    expect(one.attesters.map((a) => a.id)).toHaveLength(1);
    expect(one.refusal).toBeDefined();
    const two = judge(envelope([ed, rsa]), 2);
    expect(two.attesters).toHaveLength(2);
    expect(two.refusal).toBeUndefined();
  });

  it('refuse an item of an attested package that carries nothing (ATTESTATION_MISSING); items of other packages need none', () => {
    const request = requestOf([apkItem(PKG, 12), apkItem('com.other.app', 3)]);
    const items = checkVouch(policy(2), request, approvalDigest(request), Math.floor(Date.now() / 1000)).items;
    expect(items[0]!.refusal?.reason).toBe('ATTESTATION_MISSING');
    expect(items[1]!.refusal).toBeUndefined();
  });

  it('refuse an attestation replayed from another request for another item (ATTESTATION_WRONG_SUBJECT)', () => {
    const first = apkItem(PKG, 12);
    const envelope = pythonEnvelope(statementOf(first), [ed]);
    const second = apkItem(PKG, 13);
    expect(judge(requestOf([second], { attestations: [carried(0, envelope)] }), 1).refusal?.reason).toBe('ATTESTATION_WRONG_SUBJECT');
    // The same artifact in a later request (a re-sign) may carry its attestation again: it is about the artifact.
    expect(judge(requestOf([first], { attestations: [carried(0, envelope)] }), 1).refusal).toBeUndefined();
  });
});
