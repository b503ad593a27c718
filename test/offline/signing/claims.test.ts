/**
 * offline/audit/claims.ts and offline/operator/review-text.ts: The review and the audit log rest on claims, so they show what is signed beside them. The attack
 * of issue 13: an item claims the published build (io.appium.settings 193, its SHA-256) but carries
 * another app's content digest. The signer cannot tell (binding claims to the digest is later
 * work) and signs it; what it must do is show the digest that is signed, marked as such, in the
 * review, and record in the audit log both the claims and that digest, so that the operator can
 * compare it with the digest the build published and an audit can find what was really signed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SigningItem } from '../../../protocol/messages/index.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { reviewLines } from '../../../offline/operator/review-text.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { parsePolicy } from '../../../offline/policy/load.ts';
import { OfflineSigner } from '../../../offline/signing/offline-signer.ts';
import { auditLogPath } from '../../../offline/state/paths.ts';
import { verifyAuditLog } from '../../../offline/audit/verify.ts';
import { makeRequest } from '../support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('claims');
  keys = makeKeys(hsm, 'claims', [{ label: 'release', keyType: { kind: 'ec', curve: 'p256' } }]);
}, 120_000);

afterAll(() => hsm.remove());

describe('claims beside what is signed', () => {
  it('shows the victim digest as SIGNED in the review and records claims and digest in every audit record', () => {
    const publishedSha = new Uint8Array(32).fill(0x5a);
    const victimDigest = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff); // com.victim.bank's content digest
    const request = makeRequest(keys, [
      { key: 0, name: 'io.appium.settings', versionCode: 193, sha256: publishedSha },
      { key: 0, name: 'com.not.allowed', versionCode: 4 },
      { key: 0, artifact: 'jar', name: 'entry.jar', versionCode: 1_764_000_000_000 },
    ]);
    const crafted = { ...request, items: [{ ...request.items[0]!, versionName: '8.0.11', v2v3: { ...(request.items[0] as Extract<SigningItem, { artifact: 'apk' }>).v2v3!, contentDigest: victimDigest } }, request.items[1]!, request.items[2]!] };
    const policy = parsePolicy(JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['io.appium.*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['entry.jar'], artifacts: ['jar'] }] }));
    const stateDir = mkdtempSync(join(hsm.dir, 'state-'));
    const signer = OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=claims'), stateDir, allowNetwork: true });
    try {
      signer.login(Buffer.from(USER_PIN));
      const review = signer.review(crafted);
      const text = reviewLines(review).join('\n');
      expect(text).toMatch(/^CLAIMED: .*nothing checks them against what is signed/m);
      expect(text).toContain(`SIGNED v2+v3: content digest (chunked SHA-256) ${toHex(victimDigest)}`);
      expect(text).toContain(`SIGNED v1: .SF file digest (SHA-256) ${toHex((crafted.items[2] as Extract<SigningItem, { artifact: 'jar' }>).v1.sfDigest)}`);
      // The claimed SHA-256 is shown too, and labelled a claim, never as the signed digest.
      expect(text).toContain('sha256 (claimed)');
      expect(text).not.toContain(`SIGNED v2+v3: content digest (chunked SHA-256) ${toHex(publishedSha)}`);

      const response = signer.sign(review, { approved: true });
      expect(response.results.map((r) => r.status)).toEqual(['signed', 'refused', 'signed']);
    } finally {
      signer.close();
    }
    expect(verifyAuditLog(auditLogPath(stateDir)).ok).toBe(true);
    const records = readFileSync(auditLogPath(stateDir), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const claim = { artifact: 'apk', name: 'io.appium.settings', versionCode: 193, versionName: '8.0.11', sha256: toHex(publishedSha), contentDigest: toHex(victimDigest) };
    expect(records.filter((r) => r.item === 0).map((r) => [r.event, r.scheme])).toEqual([['signed', 'v2'], ['signed', 'v3']]);
    for (const r of records.filter((x) => x.item === 0)) expect(r).toMatchObject(claim);
    expect(records.find((r) => r.item === 1)).toMatchObject({ event: 'refused', reason: 'POLICY_PACKAGE_NOT_ALLOWED', artifact: 'apk', name: 'com.not.allowed', versionCode: 4, versionName: 'v4', sha256: toHex(crafted.items[1]!.sha256), contentDigest: toHex((crafted.items[1] as Extract<SigningItem, { artifact: 'apk' }>).v2v3!.contentDigest) });
    expect(records.find((r) => r.item === 2)).toMatchObject({ event: 'signed', scheme: 'v1', artifact: 'jar', name: 'entry.jar', sfDigest: toHex((crafted.items[2] as Extract<SigningItem, { artifact: 'jar' }>).v1.sfDigest) });
  }, 120_000);
});
