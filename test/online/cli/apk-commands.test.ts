/** airsign inspect and verify from the command line: output, JSON, exit codes, one-line errors. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signArtifact } from '../../../online/apk/index.ts';
import { SoftwareSigner } from '../../support/software-signer.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { testKey } from '../../support/software-keys.ts';
import { scratchDir } from '../../support/tools.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = scratchDir('cli');
const signed = join(dir, 'signed.apk');

function airsign(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  const key = testKey('ec256');
  await signArtifact(REAL_APK, signed, { certificateDer: key.certificateDer, signer: new SoftwareSigner([key]) });
});

describe('airsign inspect', () => {
  it('prints the package, versions, SDK levels, entries, schemes and content digests', () => {
    const r = airsign('inspect', signed);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/package:\s+io\.appium\.settings/);
    expect(r.stdout).toMatch(/versionCode:\s+192/);
    expect(r.stdout).toMatch(/minSdkVersion:\s+26/);
    expect(r.stdout).toMatch(/signatures:\s+v2, v3/);
    expect(r.stdout).toMatch(/v2 digest:\s+ECDSA\/SHA-256 [0-9a-f]{64} \(found in the signing block\)/);
    // The digest computed over the file equals the one its signers carry.
    const found = /v2 digest:\s+ECDSA\/SHA-256 ([0-9a-f]{64})/.exec(r.stdout)![1];
    expect(r.stdout).toContain(`v2/v3 digest:   SHA-256 ${found} (computed over this file as it is)`);
  });

  it('prints the SHA-512 content digest of the file with --digest sha512, and refuses an unknown hash', () => {
    const r = airsign('inspect', '--digest', 'sha512', REAL_APK);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/v2\/v3 digest:\s+SHA-512 [0-9a-f]{128} \(computed/);
    const bad = airsign('inspect', '--digest', 'md5', REAL_APK);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--digest takes sha256, sha512 or both');
  });

  it('prints JSON with --json', () => {
    const r = airsign('inspect', '--json', REAL_APK);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.info).toMatchObject({ artifact: 'apk', name: 'io.appium.settings', entries: 121 });
    expect(report.schemes).toEqual(['v2']);
  });

  it('fails on one line for a file that is not an archive', () => {
    const junk = join(dir, 'junk.apk');
    writeFileSync(junk, 'not a zip at all, not even close');
    const r = airsign('inspect', junk);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('NOT_A_ZIP');
  });
});

describe('airsign verify', () => {
  it('verifies, with the signer certificate pinned', () => {
    const r = airsign('verify', '--cert', testKey('ec256').certPath, signed);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('v2: verified');
    expect(r.stdout).toContain('v3: verified');
  });

  it('fails with the reason when another certificate is expected', () => {
    const r = airsign('verify', '--cert', testKey('rsa3072').certPath, signed);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/VERIFY_FAILED: .*expected/);
  });

  it('fails for a tampered file and still prints the JSON report', () => {
    const bytes = readFileSync(signed);
    bytes[100] = bytes[100]! ^ 1;
    const tampered = join(dir, 'tampered.apk');
    writeFileSync(tampered, bytes);
    const r = airsign('verify', '--json', tampered);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).ok).toBe(false);
    expect(r.stderr).toContain('VERIFY_FAILED');
  });
});
