/**
 * The apksig helper (one JVM for many files) against `apksigner verify` (one process per file):
 * the same verdict and the same signers on good files and on files broken in each region (an
 * entry, the signing block, the central directory, the end record), signed by another
 * certificate, unsigned, or not a ZIP at all; index JARs at F-Droid's API levels 23-24.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signArtifact } from '../../../online/apk/index.ts';
import { ApksigProcess, apksignerVerdict, buildApksigHelper } from '../../../online/apk/verify/apksig/index.ts';
import type { SdkRange } from '../../../online/apk/verify/apksig/index.ts';
import { SoftwareSigner } from '../../support/software-signer.ts';
import { signingBlockPairs } from '../../support/apk-blocks.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { testKey } from '../../support/software-keys.ts';
import { apksignerVerify, scratchDir } from '../../support/tools.ts';
import { buildIndexJar, buildTestApk } from '../../support/zip-builder.ts';

const helperBuild = await buildApksigHelper();
const apksignerPresent = (await apksignerVerdict('/nonexistent')) !== undefined;
const skip = 'reason' in helperBuild ? `the apksig helper cannot be built: ${helperBuild.reason}` : !apksignerPresent ? 'apksigner is not installed' : undefined;
if (skip !== undefined) process.stdout.write(`apksig-helper.test: skipped: ${skip}\n`);

const JAR_RANGE: SdkRange = { minSdk: 23, maxSdk: 24 };

describe.skipIf(skip !== undefined)('the apksig helper gives apksigner verify\'s verdict', () => {
  const dir = scratchDir('apksig-helper');
  const cases: { name: string; path: string; range: SdkRange; verified: boolean }[] = [];
  let helper: ApksigProcess;

  const flip = (name: string, bytes: Buffer, at: number, ext = 'apk', range: SdkRange = {}) => {
    const copy = Buffer.from(bytes);
    copy[at] = copy[at]! ^ 0x01;
    const path = join(dir, `${name}.${ext}`);
    writeFileSync(path, copy);
    cases.push({ name, path, range, verified: false });
  };
  const entryData = (zip: Buffer, name: string): number => {
    const at = zip.indexOf(Buffer.from(name));
    return at + name.length + zip.readUInt16LE(at - 2) + 2;
  };

  beforeAll(async () => {
    if ('reason' in helperBuild) return;
    helper = await ApksigProcess.start(helperBuild);
    const key = testKey('rsa3072');
    const other = testKey('rsa2048');
    const input = join(dir, 'input.apk');
    writeFileSync(input, buildTestApk({ minSdk: 21 }));
    const good = join(dir, 'good.apk');
    await signArtifact(input, good, { certificateDer: key.certificateDer, signer: new SoftwareSigner([key]) });
    const byOther = join(dir, 'other-cert.apk');
    await signArtifact(input, byOther, { certificateDer: other.certificateDer, signer: new SoftwareSigner([other]) });
    const jarIn = join(dir, 'entry.jar');
    writeFileSync(jarIn, buildIndexJar('entry', 1_700_000_000_000));
    const jar = join(dir, 'entry-signed.jar');
    await signArtifact(jarIn, jar, { certificateDer: key.certificateDer, signer: new SoftwareSigner([key]) });
    cases.push(
      { name: 'our v1+v2+v3 APK', path: good, range: {}, verified: true },
      { name: 'the same APK signed by another certificate', path: byOther, range: {}, verified: true },
      { name: 'a third-party APK', path: REAL_APK, range: {}, verified: true },
      { name: 'an index JAR at API levels 23-24', path: jar, range: JAR_RANGE, verified: true },
      { name: 'an unsigned APK', path: input, range: {}, verified: false },
      { name: 'not a ZIP', path: import.meta.filename, range: {}, verified: false },
    );
    const apk = readFileSync(good);
    const { start, cdOffset, pairs } = signingBlockPairs(apk);
    flip('tampered-entry', apk, entryData(apk, 'resources.arsc'));
    flip('tampered-v2-signer-block', apk, start + 8 + 12 + 300);
    flip('tampered-v3-signer-block', apk, pairs.get(0xf05368c0)!.byteOffset - apk.byteOffset + 200);
    flip('tampered-block-size', apk, start + 2);
    flip('tampered-central-directory', apk, cdOffset + 12);
    flip('tampered-end-record', apk, apk.length - 22 + 12);
    const jarBytes = readFileSync(jar);
    flip('tampered-jar-entry', jarBytes, entryData(jarBytes, 'entry.json') + 5, 'jar', JAR_RANGE);
    flip('tampered-jar-sf', jarBytes, entryData(jarBytes, 'META-INF/AIRSIGN.SF') + 10, 'jar', JAR_RANGE);
    // The truncated copy: its end record is gone.
    const truncated = join(dir, 'truncated.apk');
    writeFileSync(truncated, apk.subarray(0, apk.length - 100));
    cases.push({ name: 'truncated', path: truncated, range: {}, verified: false });
  }, 240_000);

  afterAll(async () => {
    await helper?.close();
  });

  it('on every case, good and broken', async () => {
    expect(cases.length).toBe(15);
    // All at once: the helper answers out of order from its thread pool, matched by id.
    const ours = await Promise.all(cases.map((c) => helper.verify(c.path, c.range)));
    for (const [i, c] of cases.entries()) {
      const theirs = (await apksignerVerdict(c.path, c.range))!;
      const extra = [...(c.range.minSdk === undefined ? [] : ['--min-sdk-version', String(c.range.minSdk)]), ...(c.range.maxSdk === undefined ? [] : ['--max-sdk-version', String(c.range.maxSdk)])];
      const plain = apksignerVerify(c.path, extra);
      const got = ours[i]!;
      expect({ name: c.name, tool: got.tool, verified: got.verified }).toEqual({ name: c.name, tool: 'apksig', verified: c.verified });
      expect({ name: c.name, verified: theirs.verified, plain: plain.ok }).toEqual({ name: c.name, verified: c.verified, plain: c.verified });
      expect({ name: c.name, signers: got.signers }).toEqual({ name: c.name, signers: c.verified ? plain.certSha256 : got.signers });
      if (!c.verified) expect(got.errors.length, c.name).toBeGreaterThan(0);
    }
    const sha256 = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');
    expect(ours[0]!.signers).toEqual([sha256(testKey('rsa3072').certificateDer)]);
    expect(ours[1]!.signers).toEqual([sha256(testKey('rsa2048').certificateDer)]);
  }, 600_000);

  it('keeps answering after a request it cannot parse', async () => {
    await expect(helper.verify('bad\tpath')).rejects.toThrow(/tab/);
    expect((await helper.verify(REAL_APK)).verified).toBe(true);
  }, 120_000);
});
