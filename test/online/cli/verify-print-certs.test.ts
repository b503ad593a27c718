/**
 * `airsign verify --print-certs -v` prints what `apksigner verify --print-certs -v` prints, line for
 * line (less apksigner's v4 and SourceStamp lines, which airsign does not check), on the sample
 * APK (RSA, v2 only) and on one apksigner itself signs with an EC key, v1+v2+v3.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_APK } from '../../support/sample-apks.ts';
import { scratchDir } from '../../support/tools.ts';

const AIRSIGN = resolve(import.meta.dirname, '../../../online/cli/airsign.js');
const haveTools = spawnSync('apksigner', ['--version']).status === 0 && spawnSync('keytool', ['-help']).status === 0;
if (!haveTools) console.warn('skipped: apksigner or keytool (JDK) missing');
let ecApk: string;

beforeAll(() => {
  if (!haveTools) return;
  const dir = scratchDir('print-certs');
  const ks = join(dir, 'ec.p12');
  execFileSync('keytool', ['-genkeypair', '-keyalg', 'EC', '-groupname', 'secp256r1', '-alias', 'k', '-dname', 'CN=Print Certs, OU=Tests, O=Example, C=DE', '-validity', '3650', '-keystore', ks, '-storetype', 'PKCS12', '-storepass', 'secret', '-keypass', 'secret'], { stdio: 'pipe' });
  const unsigned = join(dir, 'in.apk');
  copyFileSync(REAL_APK, unsigned);
  ecApk = join(dir, 'ec-signed.apk');
  execFileSync('apksigner', ['sign', '--ks', ks, '--ks-pass', 'pass:secret', '--min-sdk-version', '21', '--v1-signing-enabled', 'true', '--v3-signing-enabled', 'true', '--out', ecApk, unsigned], { stdio: 'pipe' });
}, 120_000);

const apksignerOut = (apk: string, args: string[]) => execFileSync('apksigner', ['verify', ...args, apk], { encoding: 'utf8' }).split('\n').filter((l) => l !== '' && !/^Verified (using v4|for SourceStamp)/.test(l) && !l.startsWith('WARNING'));

describe.skipIf(!haveTools)('verify --print-certs -v, as apksigner', () => {
  it.each([
    ['the sample APK', () => REAL_APK],
    ['an EC-signed v1+v2+v3 APK', () => ecApk],
  ])('%s', (_name, apk) => {
    for (const args of [['--print-certs', '-v'], ['--print-certs'], ['-v'], ['--verbose']]) {
      const ours = spawnSync(process.execPath, [AIRSIGN, 'verify', ...args, apk()], { encoding: 'utf8' });
      expect(ours.status, ours.stderr).toBe(0);
      expect(ours.stdout.trimEnd().split('\n'), args.join(' ')).toEqual(apksignerOut(apk(), args.map((a) => (a === '--verbose' ? '-v' : a))));
    }
  });
});
