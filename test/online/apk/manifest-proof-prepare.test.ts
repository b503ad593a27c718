/**
 * online/apk/proof through prepare and assemble: which rounds carry a proof (always, auto by its
 * budget, never; never a v1 round or a SHA-512 digest), that every proof verifies as the signer
 * verifies it, the round after a v1 round included, and that the signed files still pass apksigner.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareArtifact, signArtifact } from '../../../online/apk/index.ts';
import { joinProof, verifyManifestProof } from '../../../protocol/apk-proof/index.ts';
import type { ItemFields } from '../../../online/apk/state.ts';
import { testKey } from '../../support/software-keys.ts';
import { SoftwareSigner } from '../../support/software-signer.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { buildTestApk } from '../../support/zip-builder.ts';
import { makeApk } from '../helpers/apks.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-proof-prepare-'));

function proven(item: ItemFields): boolean {
  if (item.artifact !== 'apk' || item.manifestProof === undefined) return false;
  verifyManifestProof(item.manifestProof, item.v2v3!.contentDigest, item);
  return true;
}

describe('manifest proofs at prepare', () => {
  it('always proves every v2/v3 round, the one after a v1 round too, and apksigner verifies the result', async () => {
    const key = testKey('ec256');
    const input = join(dir, 'legacy.apk');
    writeFileSync(input, buildTestApk({ packageName: 'org.example.legacy', versionCode: 5, minSdk: 21 }));
    const out = join(dir, 'legacy-signed.apk');
    const { items } = await signArtifact(input, out, { certificateDer: key.certificateDer, signer: new SoftwareSigner([key]), manifestProof: 'always' });
    expect(items.map((i) => i.schemes.join('+'))).toEqual(['v1', 'v2+v3']);
    expect(items.map(proven)).toEqual([false, true]);
    const verified = execFileSync('apksigner', ['verify', '-v', out], { encoding: 'utf8' });
    expect(verified).toContain('Verified using v1 scheme (JAR signing): true');
    expect(verified).toContain('Verified using v2 scheme (APK Signature Scheme v2): true');
  });

  it('auto proves where the proof is within its budget, never (the default) proves nothing, and SHA-512 digests go unproven', async () => {
    const ec = testKey('ec256');
    const cheap = join(dir, 'cheap.apk');
    await makeApk(cheap, { packageName: 'org.example.cheap', versionCode: 3, minSdk: 26, padBytes: 2_000_000, manifestLast: true });
    const dear = join(dir, 'dear.apk');
    await makeApk(dear, { packageName: 'org.example.dear', versionCode: 3, minSdk: 26, padBytes: 2_000_000 });
    const auto = async (path: string, certificateDer = ec.certificateDer) => (await prepareArtifact(path, { certificateDer, manifestProof: 'auto' })).item;
    // The default carries none: the online side proves where it is asked to.
    expect(proven((await prepareArtifact(cheap, { certificateDer: ec.certificateDer })).item)).toBe(false);
    expect(proven(await auto(cheap))).toBe(true);
    expect(proven(await auto(dear))).toBe(false);
    expect(proven(await auto(REAL_APK))).toBe(false);
    expect(proven((await prepareArtifact(REAL_APK, { certificateDer: ec.certificateDer, manifestProof: 'always' })).item)).toBe(true);
    expect(proven((await prepareArtifact(cheap, { certificateDer: ec.certificateDer, manifestProof: 'never' })).item)).toBe(false);
    expect(proven(await auto(cheap, testKey('rsa4096').certificateDer))).toBe(false);
    const item = (await prepareArtifact(dear, { certificateDer: ec.certificateDer, manifestProof: 'always' })).item;
    expect(item.artifact === 'apk' && joinProof(item.manifestProof!).suffix.length).toBeGreaterThan(1_000_000);
  }, 120_000);
});
