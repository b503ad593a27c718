/**
 * protocol/apk-proof against hostile proofs: each is refused with its own code (never another
 * error), and honest proofs of real and made APKs give the manifest the online reader reads.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isProofError, readManifestFacts, verifyManifestProof } from '../../../protocol/apk-proof/index.ts';
import { joinProof } from '../../../protocol/apk-proof/index.ts';
import { readAndroidManifest } from '../../../online/apk/manifest/android-manifest.ts';
import { hostileProofs } from '../../support/hostile-proofs.ts';
import { proveZip } from '../../support/manifest-proofs.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { buildTestApk } from '../../support/zip-builder.ts';
import { inflateRawSync } from 'node:zlib';

describe('hostile manifest proofs', () => {
  for (const h of hostileProofs()) {
    it(`refuses ${h.what}: ${h.code}`, () => {
      let caught: unknown;
      try {
        verifyManifestProof(h.proof, h.contentDigest, h.claims);
      } catch (error) {
        caught = error;
      }
      expect(isProofError(caught), String(caught)).toBe(true);
      expect((caught as { code: string }).code, String(caught)).toBe(h.code);
    });
  }
});

describe('honest manifest proofs', () => {
  it('give the manifest the online reader reads, for the real APK and a made one', () => {
    for (const zip of [readFileSync(REAL_APK), buildTestApk({ minSdk: 26, packageName: 'org.example.made', versionCode: 2_147_483_000 })]) {
      const { proof, contentDigest } = proveZip(zip);
      const entry = joinProof(proof).entry;
      const dataAt = 30 + entry[26]! + (entry[27]! << 8) + entry[28]! + (entry[29]! << 8);
      const xml = inflateRawSync(entry.subarray(dataAt));
      const online = readAndroidManifest(xml);
      const facts = verifyManifestProof(proof, contentDigest, { name: online.packageName, versionCode: online.versionCode, versionName: online.versionName });
      expect(facts).toMatchObject({ packageName: online.packageName, versionCode: online.versionCode, versionName: online.versionName, minSdkVersion: online.minSdkVersion, targetSdkVersion: online.targetSdkVersion });
      expect(readManifestFacts(new Uint8Array(xml))).toEqual(facts);
    }
  });

  it('reads the real APK as aapt does: io.appium.settings 192 (8.0.10), SDK 26/35, 27 permissions', () => {
    const { proof, contentDigest } = proveZip(readFileSync(REAL_APK));
    const facts = verifyManifestProof(proof, contentDigest, { name: 'io.appium.settings', versionCode: 192, versionName: '8.0.10' });
    expect(facts.permissions).toHaveLength(27);
    expect(facts.permissions).toContain('android.permission.INTERNET');
  });
});
