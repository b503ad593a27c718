/**
 * `airsign apt sign` refusing before anything is made, through the real program with software
 * keys: no Release file where it is pointed, a file that is not a Release file (the parser's code
 * and line), a key.asc that is not an OpenPGP certificate, a certificate of another key than
 * key.asc's, a new session without the certificate; and a run that works pins the certificate,
 * so the next run in the session needs only key.asc.
 */
import { createHash, sign } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARMOR, armor, certificatePackets, openPgpKeyFromSpki, selfSignatureInput, signaturePacket } from '../../../protocol/openpgp/index.ts';
import { certificateFields } from '../../../protocol/signing/certificate.ts';
import { testKey } from '../../support/software-keys.ts';
import type { TestKey } from '../../support/software-keys.ts';
import { scratchDir } from '../../support/tools.ts';
import { GOOD_RELEASE } from '../../protocol/apt/fixtures.ts';
import { airsign } from '../fdroid/support.ts';

/** key.asc for a software key, as export-openpgp makes it for a token key. */
function keyAsc(key: TestKey, path: string): string {
  const openpgp = openPgpKeyFromSpki(certificateFields(key.certificateDer).subjectPublicKeyInfo, 1_780_000_000);
  const input = selfSignatureInput(openpgp, 'Test <test@example.org>', 1_780_000_000);
  const digest = new Uint8Array(createHash('sha256').update(input.data).digest());
  const raw = new Uint8Array(sign('sha256', input.data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }));
  writeFileSync(path, armor(ARMOR.publicKey, certificatePackets(openpgp, 'Test <test@example.org>', signaturePacket(input.signature, digest, raw))));
  return path;
}

describe('airsign apt sign, refusals', () => {
  const dir = scratchDir('apt-sign-errors');
  const suite = join(dir, 'dists', 'stable');
  mkdirSync(suite, { recursive: true });
  writeFileSync(join(suite, 'Release'), GOOD_RELEASE.replace('Origin: Airsign', 'Origin: Example'));
  const rsa = testKey('rsa2048');
  const ec = testKey('ec256');
  const rsaAsc = keyAsc(rsa, join(dir, 'rsa.asc'));

  it('refuses a path without a Release file, and a file that is not one', { timeout: 120_000 }, () => {
    const none = airsign(['apt', 'sign', dir, '--key', rsaAsc, '--cert', rsa.certPath, '--session', join(dir, 's0')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^airsign: NO_RELEASE: /);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'Release'), 'Origin: x\nSuite stable\n');
    const garbled = airsign(['apt', 'sign', bad, '--key', rsaAsc, '--cert', rsa.certPath, '--session', join(dir, 's0')]);
    expect(garbled.stderr).toMatch(/^airsign: NOT_A_RELEASE: .*GARBLED_FIELD: line 2: /);
    expect(existsSync(join(dir, 's0'))).toBe(false);
  });

  it('refuses a key file that is no OpenPGP certificate, a certificate of another key, a new session without a certificate', { timeout: 120_000 }, () => {
    writeFileSync(join(dir, 'not.asc'), 'hello\n');
    const unreadable = airsign(['apt', 'sign', suite, '--key', join(dir, 'not.asc'), '--cert', rsa.certPath, '--session', join(dir, 's1')]);
    expect(unreadable.stderr).toMatch(/^airsign: KEY_UNREADABLE: /);
    const mismatch = airsign(['apt', 'sign', suite, '--key', rsaAsc, '--cert', ec.certPath, '--session', join(dir, 's1')]);
    expect(mismatch.stderr).toMatch(/^airsign: KEY_MISMATCH: .*is not of the key in/);
    const noCert = airsign(['apt', 'sign', suite, '--key', rsaAsc, '--session', join(dir, 's1')]);
    expect(noCert.stderr).toMatch(/^airsign: CERT_NEEDED: /);
    expect(existsSync(join(dir, 's1'))).toBe(false);
  });

  it('pins the certificate with the key, so the session needs only key.asc next time', { timeout: 120_000 }, () => {
    const session = join(dir, 's2');
    const first = airsign(['apt', 'sign', suite, '--key', rsaAsc, '--cert', rsa.certPath, '--session', session]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('InRelease: Example/stable');
    expect(first.last).toMatch(/request\.msg$/);
    writeFileSync(join(suite, 'Release'), GOOD_RELEASE.replace('Origin: Airsign', 'Origin: Example').replace('21:24:25 +0000', '21:24:26 +0000'));
    const again = airsign(['apt', 'sign', suite, '--key', rsaAsc, '--session', session]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.last).toMatch(/request\.msg$/);
    expect(again.last).not.toBe(first.last);
  });
});
