/**
 * The hostile proofs of test/support/hostile-proofs.ts through the real signer on SoftHSM2, after a
 * round trip through the request's transfer encoding: every item is refused PROOF_INVALID or
 * PROOF_CLAIMS_DISAGREE with the check's code first in the detail, even under a rule that does not
 * require proof; nothing is signed, the policy state keeps no floor, the audit log verifies and
 * holds each refusal.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningItem, SigningRequest } from '../../../protocol/messages/index.ts';
import { verifyAuditLog } from '../../../offline/audit/verify.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { parsePolicy } from '../../../offline/policy/load.ts';
import { PolicyState } from '../../../offline/policy/state.ts';
import { OfflineSigner } from '../../../offline/signing/offline-signer.ts';
import { auditLogPath, policyStatePath } from '../../../offline/state/paths.ts';
import { hostileProofs } from '../../support/hostile-proofs.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let key: MadeKey;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('hostile');
  key = makeKeys(hsm, 'hostile', [{ label: 'release', keyType: { kind: 'ec', curve: 'p256' } }])[0]!;
}, 120_000);

afterAll(() => hsm.remove());

describe('hostile manifest proofs at the signer', () => {
  it('refuses each, typed, and changes no state', () => {
    const hostile = hostileProofs();
    const items: SigningItem[] = hostile.map((h) => ({
      key: 0, artifact: 'apk', name: h.claims.name, versionCode: h.claims.versionCode, versionName: h.claims.versionName, sha256: new Uint8Array(randomBytes(32)),
      schemes: ['v2', 'v3'], v2v3: { contentDigest: h.contentDigest, v3MinSdk: 28, v3MaxSdk: 0x7fffffff }, manifestProof: h.proof,
    }));
    const sent: SigningRequest = { v: 2, kind: 'request', requestId: new Uint8Array(randomBytes(16)), issuedAt: Math.floor(Date.now() / 1000), keys: [key.fingerprint], items };
    const request = transferToMessage(messageToTransfer(sent)) as SigningRequest;
    const policy = parsePolicy(JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['org.airsign.*', 'com.victim.*'], artifacts: ['apk'] }] }));
    const stateDir = mkdtempSync(join(hsm.dir, 'state-'));
    const signer = OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=hostile'), stateDir, allowNetwork: true });
    try {
      signer.login(Buffer.from(USER_PIN));
      const review = signer.review(request);
      review.items.forEach((r, i) => {
        const h = hostile[i]!;
        expect(r.verdict.allowed, h.what).toBe(false);
        if (r.verdict.allowed) return;
        expect(r.verdict.reason, h.what).toBe(h.code === 'PROOF_CLAIMS_DISAGREE' ? 'PROOF_CLAIMS_DISAGREE' : 'PROOF_INVALID');
        expect(r.verdict.detail.startsWith(`${h.code}: `), `${h.what}: ${r.verdict.detail}`).toBe(true);
        expect(r.proven).toBeUndefined();
      });
      const response = signer.sign(review, { approved: true });
      expect(response.results.every((r) => r.status === 'refused')).toBe(true);
    } finally {
      signer.close();
    }
    expect(PolicyState.load(policyStatePath(stateDir)).hasSignedAnything(Buffer.from(key.fingerprint).toString('hex'))).toBe(false);
    expect(verifyAuditLog(auditLogPath(stateDir)).ok).toBe(true);
    const refusals = readFileSync(auditLogPath(stateDir), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.event === 'refused');
    expect(refusals.map((r) => r.item)).toEqual(hostile.map((_, i) => i));
  }, 300_000);
});
