/**
 * The v2/v3 content digests inspect shows: computed over the file as it is (for an unsigned APK,
 * the very digest a v2/v3 round of it would sign, as prepare computes it) and found in an existing
 * signing block (for a file apksigner signed, the computed digest equals the one its signers carry).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { inspectArtifact, prepareArtifact } from '../../../online/apk/index.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { testKey } from '../../support/software-keys.ts';
import type { TestKeyKind } from '../../support/software-keys.ts';
import { scratchDir, tool } from '../../support/tools.ts';
import { androidManifestXml } from '../../support/binary-xml-writer.ts';
import { buildIndexJar, buildTestApk, buildZip, noise, text } from '../../support/zip-builder.ts';

const dir = scratchDir('inspect-digests');

function save(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function preparedDigest(path: string, kind: TestKeyKind): Promise<string> {
  const { item } = await prepareArtifact(path, { certificateDer: testKey(kind).certificateDer });
  if (item.artifact !== 'apk') throw new Error('expected an APK item');
  return toHex(item.v2v3!.contentDigest);
}

describe('inspect: v2/v3 content digests', () => {
  it('computes them for an unsigned APK: what a v2/v3 round would sign, SHA-256 and SHA-512', async () => {
    const apk = save('unsigned.apk', buildTestApk({ minSdk: 26 }));
    expect(inspectArtifact(apk).contentDigests).toEqual([]);
    const r = inspectArtifact(apk, { computeDigests: ['sha256', 'sha512'] });
    expect(r.schemes).toEqual([]);
    expect(r.contentDigests).toEqual([
      { source: 'computed', hash: 'sha256', digest: await preparedDigest(apk, 'ec256') },
      { source: 'computed', hash: 'sha512', digest: await preparedDigest(apk, 'rsa4096') },
    ]);
  });

  it('computes the digest an unaligned APK would be signed with (entries padded for the signing block)', async () => {
    const apk = save('unaligned.apk', buildTestApk({ minSdk: 26, align: false }));
    expect(inspectArtifact(apk, { computeDigests: ['sha256'] }).contentDigests).toEqual([{ source: 'computed', hash: 'sha256', digest: await preparedDigest(apk, 'rsa3072') }]);
  });

  it.each([['rsa3072', 'sha256'], ['rsa4096', 'sha512']] as const)('labels what apksigner signed (%s) as found, and computes the same digest', (kind, hash) => {
    const input = save(`to-sign-${kind}.apk`, buildTestApk({ minSdk: 26 }));
    const signed = join(dir, `apksigner-${kind}.apk`);
    const key = testKey(kind);
    const r = tool('apksigner', ['sign', '--key', key.keyPath, '--cert', key.certPath, '--v4-signing-enabled', 'false', '--out', signed, input]);
    expect(r.status, r.stderr).toBe(0);
    const report = inspectArtifact(signed, { computeDigests: [hash] });
    const found = report.contentDigests.filter((d) => d.source === 'signing-block');
    expect(found.map((d) => d.source === 'signing-block' && [d.scheme, d.hash])).toEqual([['v2', hash], ['v3', hash]]);
    const computed = report.contentDigests.filter((d) => d.source === 'computed');
    expect(computed).toEqual([{ source: 'computed', hash, digest: found[0]!.digest }]);
    expect(found[1]!.digest).toBe(found[0]!.digest);
  });

  it('prints, before signing, the digest apksigner then signs (v2/v3 only, no directory entries)', () => {
    // apksigner lays out what it signs as we do, except that it drops directory entries and adds
    // v1 files unless told not to: an APK with neither keeps its digest through signing.
    const manifest = androidManifestXml({ packageName: 'org.airsign.digest', versionCode: 3, versionName: '3', minSdk: 26, targetSdk: 34 });
    const input = save('no-dirs.apk', buildZip([
      { name: 'AndroidManifest.xml', data: manifest, method: 8 },
      { name: 'classes.dex', data: text('dex', 20000), method: 8 },
      { name: 'res/raw/blob.bin', data: noise('blob', 7001), method: 0 },
    ]));
    const before = inspectArtifact(input, { computeDigests: ['sha256'] }).contentDigests;
    const signed = join(dir, 'no-dirs-signed.apk');
    const key = testKey('ec256');
    const r = tool('apksigner', ['sign', '--key', key.keyPath, '--cert', key.certPath, '--v1-signing-enabled', 'false', '--v4-signing-enabled', 'false', '--out', signed, input]);
    expect(r.status, r.stderr).toBe(0);
    const found = inspectArtifact(signed).contentDigests.filter((d) => d.source === 'signing-block' && d.scheme === 'v2');
    expect(found).toHaveLength(1);
    expect(before).toEqual([{ source: 'computed', hash: 'sha256', digest: found[0]!.digest }]);
  });

  it('agrees with the signing block of a real third-party APK', () => {
    const report = inspectArtifact(REAL_APK, { computeDigests: ['sha256'] });
    const found = report.contentDigests.find((d) => d.source === 'signing-block' && d.hash === 'sha256');
    expect(found).toBeDefined();
    expect(report.contentDigests.find((d) => d.source === 'computed')?.digest).toBe(found!.digest);
  });

  it('computes none for an index JAR (signed with v1 only)', () => {
    const jar = save('entry.jar', buildIndexJar('entry', 1_700_000_000_000));
    expect(inspectArtifact(jar, { computeDigests: ['sha256'] }).contentDigests).toEqual([]);
  });
});
