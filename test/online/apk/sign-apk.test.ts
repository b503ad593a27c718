/**
 * End to end with Google's tools as the judges: APKs signed through prepare → buildToBeSigned →
 * software Signer → assemble pass `apksigner verify` with exactly the expected schemes, stay
 * zipaligned, and pass our own verifier with the expected signer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { certificateSha256 } from '../../../protocol/signing/index.ts';
import { inspectArtifact, signArtifact, verifyArtifact } from '../../../online/apk/index.ts';
import { SoftwareSigner } from '../../support/software-signer.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { testKey } from '../../support/software-keys.ts';
import type { TestKeyKind } from '../../support/software-keys.ts';
import { apksignerVerify, scratchDir, tool, zipalignOk } from '../../support/tools.ts';
import { buildTestApk, noise, text } from '../../support/zip-builder.ts';

const dir = scratchDir('sign-apk');

async function sign(input: string, kind: TestKeyKind, name: string, schemes?: ('v1' | 'v2' | 'v3')[]) {
  const key = testKey(kind);
  const out = join(dir, name);
  const result = await signArtifact(input, out, { certificateDer: key.certificateDer, signer: new SoftwareSigner([key]), ...(schemes === undefined ? {} : { schemes }) });
  return { out, result, fingerprint: toHex(certificateSha256(key.certificateDer)) };
}

function save(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('signing APKs', () => {
  // apksigner reports only the schemes the platform range needs: from minSdk 28 on, v3 alone.
  it.each([
    ['rsa3072', 21, ['v1', 'v2', 'v3'], ['v1', 'v2', 'v3']],
    ['rsa4096', 24, ['v2', 'v3'], ['v2', 'v3']],
    ['ec256', 19, ['v1', 'v2', 'v3'], ['v1', 'v2', 'v3']],
    ['ec256', 30, ['v2', 'v3'], ['v3']],
  ] as const)('signs a generated APK with %s, minSdk %i: %j', async (kind, minSdk, expected, reported) => {
    const input = save(`gen-${kind}-${minSdk}.apk`, buildTestApk({ minSdk }));
    expect(zipalignOk(input)).toBe(true);
    const { out, result, fingerprint } = await sign(input, kind, `gen-${kind}-${minSdk}-signed.apk`);
    expect(result.items.map((i) => i.schemes)).toEqual((expected as readonly string[]).includes('v1') ? [['v1'], ['v2', 'v3']] : [['v2', 'v3']]);
    const judged = apksignerVerify(out);
    expect(judged.ok, judged.output).toBe(true);
    expect(judged.schemes).toEqual(reported);
    expect(inspectArtifact(out).schemes).toEqual(expected);
    expect(judged.certSha256).toEqual([fingerprint]);
    expect(zipalignOk(out)).toBe(true);
    const ours = await verifyArtifact(out, { certificateDer: testKey(kind).certificateDer });
    expect(ours.problems).toEqual([]);
    expect(ours.ok).toBe(true);
    expect(ours.signers).toEqual([fingerprint]);
  });

  it.each(['rsa3072', 'ec256'] as const)('signs the real third-party APK with %s (v2 and v3: its minSdk is 26)', async (kind) => {
    expect(zipalignOk(REAL_APK)).toBe(true);
    const { out, result, fingerprint } = await sign(REAL_APK, kind, `real-${kind}.apk`);
    expect(result.info).toMatchObject({ name: 'io.appium.settings', versionCode: 192, versionName: '8.0.10', minSdkVersion: 26 });
    const judged = apksignerVerify(out);
    expect(judged.ok, judged.output).toBe(true);
    expect(judged.schemes).toEqual(['v2', 'v3']);
    expect(judged.certSha256).toEqual([fingerprint]);
    expect(zipalignOk(out)).toBe(true);
    expect((await verifyArtifact(out)).ok).toBe(true);
  });

  it('signs the real APK with v1 too when asked, and apksigner checks v1 from API level 19', async () => {
    const { out } = await sign(REAL_APK, 'rsa4096', 'real-v1.apk', ['v1', 'v2', 'v3']);
    const judged = apksignerVerify(out, ['--min-sdk-version', '19']);
    expect(judged.ok, judged.output).toBe(true);
    expect(judged.schemes).toEqual(['v1', 'v2', 'v3']);
    expect(zipalignOk(out)).toBe(true);
  });

  it('replaces earlier signatures, also when old signature files sit in front of aligned entries', async () => {
    // Old v1 files first (as jarsigner places them), then stored entries that must stay aligned when they move.
    const front = [
      { name: 'META-INF/MANIFEST.MF', data: text('old manifest', 301), method: 8 as const },
      { name: 'META-INF/OLD.SF', data: text('old sf', 211), method: 0 as const },
      { name: 'META-INF/OLD.RSA', data: noise('old rsa', 1333), method: 0 as const },
    ];
    const input = save('resign-src.apk', buildTestApk({ minSdk: 21, front }));
    const first = await sign(input, 'ec256', 'resign-first.apk');
    const second = await sign(first.out, 'rsa3072', 'resign-second.apk');
    const judged = apksignerVerify(second.out);
    expect(judged.ok, judged.output).toBe(true);
    expect(judged.schemes).toEqual(['v1', 'v2', 'v3']);
    expect(judged.certSha256).toEqual([second.fingerprint]);
    expect(zipalignOk(second.out)).toBe(true);
    const listing = tool('unzip', ['-l', second.out]).stdout;
    expect(listing).not.toContain('OLD.SF');
    expect(listing.match(/META-INF\/AIRSIGN\.(SF|RSA|EC)/g)).toEqual(['META-INF/AIRSIGN.SF', 'META-INF/AIRSIGN.RSA']);
  });

  it('re-signs what apksigner signed with another key, keeping only the new signer', async () => {
    const other = testKey('rsa4096');
    const theirs = join(dir, 'theirs.apk');
    tool('apksigner', ['sign', '--key', other.keyPath, '--cert', other.certPath, '--min-sdk-version', '21', '--out', theirs, REAL_APK]);
    const { out, fingerprint } = await sign(theirs, 'ec256', 'ours-over-theirs.apk');
    const judged = apksignerVerify(out);
    expect(judged.ok, judged.output).toBe(true);
    expect(judged.certSha256).toEqual([fingerprint]);
    expect(inspectArtifact(out).schemes).toEqual(['v2', 'v3']);
  });

  it('streams entries larger than a megabyte through the v1 digests', async () => {
    const extra = [
      { name: 'assets/big.bin', data: Buffer.concat([text('big', 2_000_000), noise('big', 1_500_000)]), method: 8 as const },
      { name: 'assets/big-stored.bin', data: noise('stored', 2_500_000), method: 0 as const },
    ];
    const input = save('big-entries.apk', buildTestApk({ minSdk: 21, extra }));
    const { out } = await sign(input, 'ec256', 'big-entries-signed.apk');
    const judged = apksignerVerify(out);
    expect(judged.ok, judged.output).toBe(true);
    expect(judged.schemes).toEqual(['v1', 'v2', 'v3']);
    expect((await verifyArtifact(out)).ok).toBe(true);
    // The same file with a flipped byte deep inside the big deflated entry is refused before signing.
    const bytes = readFileSync(input);
    const at = bytes.indexOf('assets/big.bin') + 600_000;
    bytes[at] = bytes[at]! ^ 0x40;
    const broken = save('big-entries-broken.apk', bytes);
    await expect(sign(broken, 'ec256', 'never.apk')).rejects.toMatchObject({ code: 'CORRUPT_ENTRY' });
  });

  it('writes the same bytes for the same input and key', async () => {
    const input = save('determinism.apk', buildTestApk({ minSdk: 21 }));
    const a = await sign(input, 'rsa3072', 'det-a.apk');
    const b = await sign(input, 'rsa3072', 'det-b.apk');
    expect(readFileSync(a.out).equals(readFileSync(b.out))).toBe(true);
  });
});
