/**
 * F-Droid index JARs: v1 only, accepted by jarsigner -verify and by apksigner verify for the range
 * F-Droid's tools sign index JARs for (--min-sdk-version 23 --max-sdk-version 24; apksigner wants an
 * AndroidManifest.xml for ranges reaching API level 26), with the manifest first.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { certificateSha256 } from '../../../protocol/signing/index.ts';
import { signArtifact, verifyArtifact } from '../../../online/apk/index.ts';
import { SoftwareSigner } from '../../support/software-signer.ts';
import { testKey } from '../../support/software-keys.ts';
import { apksignerVerify, jarsignerVerify, scratchDir, tool } from '../../support/tools.ts';
import { buildIndexJar } from '../../support/zip-builder.ts';

const dir = scratchDir('sign-jar');
const FDROID_RANGE = ['--min-sdk-version', '23', '--max-sdk-version', '24'];

describe('signing index JARs', () => {
  it.each([
    ['entry', 'rsa4096'],
    ['index-v1', 'rsa3072'],
    ['entry', 'ec256'],
  ] as const)('signs %s.jar with %s', async (kind, keyKind) => {
    const key = testKey(keyKind);
    const input = join(dir, `${kind}.jar`);
    writeFileSync(input, buildIndexJar(kind, 1_700_000_123_456));
    const out = join(dir, `${kind}-${keyKind}-signed.jar`);
    const { info, items } = await signArtifact(input, out, { certificateDer: key.certificateDer, signer: new SoftwareSigner([key]) });
    expect(info).toMatchObject({ artifact: 'jar', name: `${kind}.jar`, versionCode: 1_700_000_123_456, versionName: '20002' });
    expect(items.map((i) => i.schemes)).toEqual([['v1']]);
    expect(items[0]!.v1?.sfDigest.length).toBe(32);
    const jarsigner = jarsignerVerify(out);
    expect(jarsigner.ok, jarsigner.output).toBe(true);
    const apksigner = apksignerVerify(out, FDROID_RANGE);
    expect(apksigner.ok, apksigner.output).toBe(true);
    expect(apksigner.schemes).toEqual(['v1']);
    expect(apksigner.certSha256).toEqual([toHex(certificateSha256(key.certificateDer))]);
    // Streaming JAR readers want the manifest as the first entry.
    expect(tool('unzip', ['-Z1', out]).stdout.split('\n')[0]).toBe('META-INF/MANIFEST.MF');
    const ours = await verifyArtifact(out, { certificateDer: key.certificateDer });
    expect(ours.problems).toEqual([]);
    expect(ours.schemes.v1).toMatchObject({ present: true, verified: true });
  });
});
