/**
 * apksigner habits in a session: an APK already signed by another key is refused unless
 * --replace-signatures is given (then it is said, on stderr), and the signed file of Gradle's
 * `app-release-unsigned.apk` is out/app-release.apk.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedFileName } from '../../../online/pipeline/index.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import type { SigningKeyFiles } from '../helpers/signing-key.ts';
import { signRequest } from '../helpers/software-signer.ts';

const AIRSIGN = resolve(import.meta.dirname, '../../../online/cli/airsign.js');
let dir: string;
let key: SigningKeyFiles;

const airsign = (...args: string[]) => {
  const r = spawnSync(process.execPath, [AIRSIGN, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-signed-files-'));
  key = await makeSigningKey(dir);
});

describe('signed files as apksigner users expect', () => {
  it('refuses an APK signed by another key unless --replace-signatures, and says when it replaces them', () => {
    const apk = join(dir, 'debug-signed.apk');
    copyFileSync(REAL_APK, apk); // signed by the Android debug key
    const session = join(dir, 'replace');
    const refused = airsign('request', apk, '--cert', key.certPath, '--session', session);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^airsign: ALREADY_SIGNED: .*debug-signed\.apk is already signed \(v2\) by certificate 680dbbc39ab09447…, not by .*; give --replace-signatures to drop those signatures/);
    expect(existsSync(session)).toBe(false);
    const replaced = airsign('request', apk, '--cert', key.certPath, '--session', session, '--replace-signatures');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).toMatch(/warning: debug-signed\.apk: replacing its v2 signatures by certificate 680dbbc39ab09447…/);
  });

  it('names the signed file of app-release-unsigned.apk app-release.apk', async () => {
    expect(['app-release-unsigned.apk', 'app_unsigned.apk', 'app.unsigned.apk', 'app.apk', 'unsigned.apk', '-unsigned.apk', 'entry.jar'].map(signedFileName)).toEqual(['app-release.apk', 'app.apk', 'app.apk', 'app.apk', 'unsigned.apk', '-unsigned.apk', 'entry.jar']);
    const apk = join(dir, 'app-release-unsigned.apk');
    await makeApk(apk, { packageName: 'org.example.named', versionCode: 1, minSdk: 26 });
    const work = join(dir, 'named');
    const requested = airsign('request', apk, '--cert', key.certPath, '--session', work);
    expect(requested.code, requested.stderr).toBe(0);
    await writeFile(join(dir, 'response.msg'), signRequest(await readFile(requested.last), key));
    const received = airsign('receive', work, '--in', join(dir, 'response.msg'));
    expect(received.code, received.stderr).toBe(0);
    expect(received.stdout).toContain('signed app-release-unsigned.apk: out/app-release.apk');
    execFileSync('apksigner', ['verify', join(work, 'out', 'app-release.apk')]);
    expect(existsSync(join(work, 'out', 'app-release-unsigned.apk'))).toBe(false);
  });
});
