/**
 * The attack of issues 13 and 20, under a rule that requires proof: an item claims a permitted
 * package (io.appium.settings) and a rising version code but carries another app's content digest.
 * Without a proof it is refused POLICY_PROOF_REQUIRED; with the permitted app's own proof beside the
 * other digest, PROOF_INVALID (the recomputed digest is not the one asked for); with the other
 * app's true proof under the permitted name, PROOF_CLAIMS_DISAGREE. None of them signs, none moves
 * the version floor; the real item, proven, signs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareArtifact } from '../../../online/apk/index.ts';
import type { SigningItem, SigningRequest } from '../../../protocol/messages/index.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { parsePolicy } from '../../../offline/policy/load.ts';
import { PolicyState } from '../../../offline/policy/state.ts';
import { policyStatePath } from '../../../offline/state/paths.ts';
import { OfflineSigner } from '../../../offline/signing/offline-signer.ts';
import { reviewLines } from '../../../offline/operator/review-text.ts';
import { reviewView } from '../../../offline/serve/views.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { buildTestApk } from '../../support/zip-builder.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

type ApkItem = Extract<SigningItem, { artifact: 'apk' }>;

let hsm: SoftHsm;
let key: MadeKey;
let real: ApkItem;
let other: ApkItem;

async function prepared(path: string): Promise<ApkItem> {
  const { item } = await prepareArtifact(path, { certificateDer: key.certificate, manifestProof: 'always' });
  if (item.artifact !== 'apk') throw new Error('not an APK');
  return { ...item, key: 0 };
}

beforeAll(async () => {
  hsm = freshSoftHsm();
  hsm.initToken('proof');
  key = makeKeys(hsm, 'proof', [{ label: 'release', keyType: { kind: 'ec', curve: 'p256' } }])[0]!;
  const otherPath = join(hsm.dir, 'other.apk');
  writeFileSync(otherPath, buildTestApk({ packageName: 'com.victim.bank', versionCode: 3, minSdk: 26 }));
  real = await prepared(REAL_APK);
  other = await prepared(otherPath);
}, 120_000);

afterAll(() => hsm.remove());

const request = (items: readonly ApkItem[]): SigningRequest => ({
  v: 2, kind: 'request', requestId: new Uint8Array(16).fill(items.length), issuedAt: Math.floor(Date.now() / 1000), keys: [key.fingerprint], items: [...items],
});

const policyJson = JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['io.appium.*'], artifacts: ['apk'], requireProof: true }] });

describe('a crafted item under a rule that requires proof', () => {
  it('is refused, typed, with or without a proof, and moves no floor; the proven real item signs', () => {
    // The permitted name and a version code above the real one, with the other app's digest.
    const claims = { name: real.name, versionCode: real.versionCode + 1000, versionName: real.versionName };
    const unproven: ApkItem = { ...other, ...claims, manifestProof: undefined };
    delete (unproven as { manifestProof?: unknown }).manifestProof;
    const realProofOtherDigest: ApkItem = { ...real, versionCode: real.versionCode, v2v3: other.v2v3! };
    const otherProofPermittedName: ApkItem = { ...other, ...claims };
    const stateDir = mkdtempSync(join(hsm.dir, 'state-'));
    const signer = OfflineSigner.open({ policy: parsePolicy(policyJson), uri: parsePkcs11Uri('pkcs11:token=proof'), stateDir, allowNetwork: true });
    try {
      signer.login(Buffer.from(USER_PIN));
      const review = signer.review(request([unproven, realProofOtherDigest, otherProofPermittedName]));
      expect(reviewLines(review).join('\n')).toContain('CLAIMED by the online side: package and versionCode (no manifest proof)');
      expect(reviewView(review, PolicyState.load(policyStatePath(stateDir))).items.map((i) => i.proven)).toEqual([undefined, undefined, undefined]);
      const verdicts = review.items.map((r) => (r.verdict.allowed ? 'SIGN' : r.verdict.reason));
      expect(verdicts).toEqual(['POLICY_PROOF_REQUIRED', 'PROOF_INVALID', 'PROOF_CLAIMS_DISAGREE']);
      const details = review.items.map((r) => (r.verdict.allowed ? '' : r.verdict.detail));
      expect(details[1]).toMatch(/^PROOF_DIGEST_MISMATCH: /);
      expect(details[2]).toMatch(/^PROOF_CLAIMS_DISAGREE: the manifest says package com\.victim\.bank, claimed io\.appium\.settings; versionCode 3, claimed 1192/);
      const response = signer.sign(review, { approved: true });
      expect(response.results.map((r) => r.status)).toEqual(['refused', 'refused', 'refused']);
    } finally {
      signer.close();
    }
    expect(PolicyState.load(policyStatePath(stateDir)).highestSigned(Buffer.from(key.fingerprint).toString('hex'), `apk:${real.name}`)).toBeUndefined();

    const again = OfflineSigner.open({ policy: parsePolicy(policyJson), uri: parsePkcs11Uri('pkcs11:token=proof'), stateDir, allowNetwork: true });
    try {
      again.login(Buffer.from(USER_PIN));
      const review = again.review(request([real]));
      expect(review.items[0]!.verdict).toEqual({ allowed: true });
      // The terminal review and the signer page show the proven values as facts.
      const text = reviewLines(review).join('\n');
      expect(text).toContain('PROVEN package: io.appium.settings');
      expect(text).toContain('PROVEN versionCode: 192 (8.0.10)');
      expect(text).not.toContain('CLAIMED by the online side: package and versionCode');
      const card = reviewView(review, PolicyState.load(policyStatePath(stateDir))).items[0]!;
      expect(card.proven?.map((p) => `${p.what}: ${p.value}`).slice(0, 3)).toEqual(['package: io.appium.settings', 'versionCode: 192 (8.0.10)', 'SDK: min 26, target 35']);
      expect(again.sign(review, { approved: true }).results[0]!.status).toBe('signed');
    } finally {
      again.close();
    }
    expect(PolicyState.load(policyStatePath(stateDir)).highestSigned(Buffer.from(key.fingerprint).toString('hex'), `apk:${real.name}`)).toBe(real.versionCode);
  }, 180_000);
});
