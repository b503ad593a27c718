/**
 * Our verifier against apksigner: it accepts what apksigner signs (a keystore made by keytool), and
 * rejects a copy with one byte changed in each region of the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signArtifact, verifyArtifact } from '../../../online/apk/index.ts';
import type { VerifyProblemCode } from '../../../online/apk/index.ts';
import { SoftwareSigner } from '../../support/software-signer.ts';
import { signingBlockPairs } from '../../support/apk-blocks.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { testKey } from '../../support/software-keys.ts';
import { apksignerVerify, scratchDir, tool } from '../../support/tools.ts';
import { buildIndexJar, buildTestApk } from '../../support/zip-builder.ts';

const dir = scratchDir('verify');
const keystore = join(dir, 'release.p12');

function apksignerSign(input: string, out: string, extra: string[] = []): void {
  const r = tool('apksigner', ['sign', '--ks', keystore, '--ks-pass', 'pass:secret', '--ks-key-alias', 'release', ...extra, '--out', out, input]);
  if (r.status !== 0) throw new Error(r.stderr);
}

beforeAll(() => {
  const r = tool('keytool', ['-genkeypair', '-keystore', keystore, '-storetype', 'PKCS12', '-storepass', 'secret', '-keypass', 'secret', '-alias', 'release',
    '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=Release, O=airsign test', '-validity', '10000']);
  if (r.status !== 0) throw new Error(r.stderr);
});

describe('verifying what apksigner signed', () => {
  it.each([
    ['by default', [] as string[]],
    ['for minSdk 21', ['--min-sdk-version', '21']],
    ['with v2 only', ['--v3-signing-enabled', 'false']],
  ])('accepts an APK apksigner signed %s', async (label, extra) => {
    const out = join(dir, `apksigner-${label.replace(/\W+/g, '-')}.apk`);
    apksignerSign(REAL_APK, out, extra);
    expect(apksignerVerify(out).ok).toBe(true);
    const report = await verifyArtifact(out);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.schemes.v2).toMatchObject({ present: true, verified: true });
    expect(report.schemes.v3.present).toBe(!extra.includes('--v3-signing-enabled'));
    expect(report.signers).toEqual(apksignerVerify(out).certSha256);
  });

  it('refuses a v1-only APK that targets API level 35, as apksigner does', async () => {
    const out = join(dir, 'apksigner-v1-only.apk');
    apksignerSign(REAL_APK, out, ['--v2-signing-enabled', 'false', '--v3-signing-enabled', 'false']);
    expect(apksignerVerify(out).ok).toBe(false);
    const report = await verifyArtifact(out);
    expect(report.schemes.v1).toMatchObject({ present: true, verified: true });
    expect(report.problems.map((p) => p.code)).toEqual(['SCHEME_REQUIRED']);
  });

  it('refuses a signer other than the expected certificate', async () => {
    const out = join(dir, 'apksigner-cert.apk');
    apksignerSign(REAL_APK, out);
    const report = await verifyArtifact(out, { certificateDer: testKey('rsa3072').certificateDer });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.code)).toEqual(['UNEXPECTED_SIGNER']);
  });
});

describe('one changed byte in each region is caught', () => {
  let apk: Buffer;
  let jar: Buffer;
  let apkPath: string;

  beforeAll(async () => {
    const key = testKey('rsa3072');
    const input = join(dir, 'tamper-src.apk');
    writeFileSync(input, buildTestApk({ minSdk: 21 }));
    apkPath = join(dir, 'tamper-signed.apk');
    await signArtifact(input, apkPath, { certificateDer: key.certificateDer, signer: new SoftwareSigner([key]) });
    apk = readFileSync(apkPath);
    const jarIn = join(dir, 'entry.jar');
    writeFileSync(jarIn, buildIndexJar('entry', 1_700_000_000_000));
    const jarOut = join(dir, 'entry-signed.jar');
    await signArtifact(jarIn, jarOut, { certificateDer: key.certificateDer, signer: new SoftwareSigner([key]) });
    jar = readFileSync(jarOut);
  });

  const entryData = (zip: Buffer, name: string): number => {
    const at = zip.indexOf(Buffer.from(name));
    // The local header's name is followed by the extra field and the data.
    return at + name.length + zip.readUInt16LE(at - 2) + 2;
  };

  // A flip in a signer block lands in signed data, a certificate, a signature or the public key.
  const SIGNER_BLOCK_CODES: VerifyProblemCode[] = ['BAD_SIGNATURE', 'MALFORMED_SIGNATURE', 'DIGEST_MISMATCH', 'KEY_MISMATCH', 'SIGNER_MISMATCH'];
  const regions: [string, () => { bytes: Buffer; at: number }, VerifyProblemCode[]][] = [
    ['an entry', () => ({ bytes: apk, at: entryData(apk, 'resources.arsc') }), ['DIGEST_MISMATCH']],
    ['the central directory', () => ({ bytes: apk, at: signingBlockPairs(apk).cdOffset + 12 }), ['DIGEST_MISMATCH']],
    ['the end record', () => ({ bytes: apk, at: apk.length - 22 + 12 }), ['DIGEST_MISMATCH', 'MALFORMED']],
    ['the v2 signer block', () => ({ bytes: apk, at: signingBlockPairs(apk).start + 8 + 12 + 300 }), SIGNER_BLOCK_CODES],
    ['the v3 signer block', () => {
      const { pairs } = signingBlockPairs(apk);
      const v3 = pairs.get(0xf05368c0)!;
      return { bytes: apk, at: v3.byteOffset - apk.byteOffset + 200 };
    }, SIGNER_BLOCK_CODES],
    ['META-INF/MANIFEST.MF of a v1-only JAR', () => ({ bytes: jar, at: entryData(jar, 'META-INF/MANIFEST.MF') + 10 }), ['BAD_SIGNATURE', 'MALFORMED', 'MALFORMED_SIGNATURE', 'DIGEST_MISMATCH']],
    ['the .SF file of a v1-only JAR', () => ({ bytes: jar, at: entryData(jar, 'META-INF/AIRSIGN.SF') + 10 }), ['BAD_SIGNATURE', 'MALFORMED', 'MALFORMED_SIGNATURE']],
    ['the signature block of a v1-only JAR', () => ({ bytes: jar, at: entryData(jar, 'META-INF/AIRSIGN.RSA') + 30 }), ['BAD_SIGNATURE', 'MALFORMED', 'MALFORMED_SIGNATURE']],
    ['an entry of a v1-only JAR', () => ({ bytes: jar, at: entryData(jar, 'entry.json') + 5 }), ['DIGEST_MISMATCH', 'MALFORMED']],
  ];

  it.each(regions)('in %s', async (_name, where, codes) => {
    const { bytes, at } = where();
    const copy = Buffer.from(bytes);
    copy[at] = copy[at]! ^ 0x01;
    const path = join(dir, `tampered-${at}.${bytes === jar ? 'jar' : 'apk'}`);
    writeFileSync(path, copy);
    const report = await verifyArtifact(path);
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
    for (const p of report.problems) expect(codes).toContain(p.code);
    expect(apksignerVerify(path, bytes === jar ? ['--min-sdk-version', '23', '--max-sdk-version', '24'] : []).ok).toBe(false);
  });

  it('accepts the untouched files', async () => {
    expect((await verifyArtifact(apkPath)).ok).toBe(true);
  });

  it('catches a v3 block stripped from the signing block', async () => {
    const { pairs, start, cdOffset } = signingBlockPairs(apk);
    // Rename the v3 pair's id: the block keeps its size, v3 is gone, v2's stripping protection fires.
    const copy = Buffer.from(apk);
    const v3 = pairs.get(0xf05368c0)!;
    copy.writeUInt32LE(0x12345678, v3.byteOffset - apk.byteOffset - 4);
    const path = join(dir, 'stripped-v3.apk');
    writeFileSync(path, copy);
    const report = await verifyArtifact(path);
    expect(report.problems.map((p) => p.code)).toContain('STRIPPED');
    expect(start).toBeLessThan(cdOffset);
  });
});
