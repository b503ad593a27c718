/**
 * The token matrix: on each real PKCS#11 module (SoftHSM2; opencryptoki's software token behind
 * pkcsslotd; tpm2-pkcs11 over swtpm; NSS's softoken), through the real programs: the mechanisms verdict, the key
 * ceremony for every key type (made where the token can, refused before the PIN where it cannot),
 * `keys` with the usages the token really set, `export-cert`, and a real `sign` of a v2+v3 APK item
 * and a v1 index-JAR item whose result the online `receive` assembles and apksigner/jarsigner verify.
 * NSS's softoken, which needs --module-args, runs the same. A module or tool not installed skips its token with the reason printed (.ci/ensure-tools installs
 * them all). docs/tokens.md's rows name this file; its verdict lines are checked against the doc.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferToMessage } from '../../../protocol/messages/index.ts';
import { makeApk, makeIndexJar } from '../../online/helpers/apks.ts';
import { apksignerVerify, jarsignerVerify } from '../../support/tools.ts';
import { signerCli } from '../support/cli.ts';
import { missingFor, startToken } from '../support/real-tokens.ts';
import type { RealToken, TokenName } from '../support/real-tokens.ts';

const root = resolve(import.meta.dirname, '../../..');
const TOKENS: TokenName[] = ['softhsm2', 'opencryptoki', 'tpm2-pkcs11', 'nss'];
const KEY_TYPES = ['rsa:3072', 'rsa:4096', 'ec:p256'] as const;

/** What each token is expected to offer per key type (docs/tokens.md says the same). */
const EXPECTED: Record<TokenName, Record<(typeof KEY_TYPES)[number], RegExp>> = {
  softhsm2: {
    'rsa:3072': /usable: yes \(keygen CKM_RSA_PKCS_KEY_PAIR_GEN; sha256: CKM_SHA256_RSA_PKCS\)/,
    'rsa:4096': /usable: yes \(keygen CKM_RSA_PKCS_KEY_PAIR_GEN; sha256: CKM_SHA256_RSA_PKCS; sha512: CKM_SHA512_RSA_PKCS\)/,
    'ec:p256': /usable: yes \(keygen CKM_EC(DSA)?_KEY_PAIR_GEN; sha256: CKM_ECDSA over a SHA256 digest made by the signer\)/,
  },
  opencryptoki: {
    'rsa:3072': /usable: yes \(keygen CKM_RSA_PKCS_KEY_PAIR_GEN; sha256: CKM_RSA_PKCS over a SHA256 DigestInfo built by the signer\)/,
    'rsa:4096': /usable: yes \(keygen CKM_RSA_PKCS_KEY_PAIR_GEN; sha256: CKM_RSA_PKCS over a SHA256 DigestInfo built by the signer; sha512: CKM_RSA_PKCS over a SHA512 DigestInfo built by the signer\)/,
    'ec:p256': /usable: no \(the token does not offer CKM_EC_KEY_PAIR_GEN; the token offers RSA 512-4096 with CKM_RSA_PKCS only; no EC\)/,
  },
  'tpm2-pkcs11': {
    'rsa:3072': /usable: yes \(keygen CKM_RSA_PKCS_KEY_PAIR_GEN; sha256: CKM_SHA256_RSA_PKCS\)/,
    'rsa:4096': /usable: no \(the token makes RSA keys of 1024-3072 bits, not 4096;/,
    'ec:p256': /usable: yes \(keygen CKM_EC(DSA)?_KEY_PAIR_GEN; sha256: CKM_ECDSA_SHA256\)/,
  },
  nss: {
    'rsa:3072': /usable: yes \(keygen CKM_RSA_PKCS_KEY_PAIR_GEN; sha256: CKM_SHA256_RSA_PKCS\)/,
    'rsa:4096': /usable: yes \(keygen CKM_RSA_PKCS_KEY_PAIR_GEN; sha256: CKM_SHA256_RSA_PKCS; sha512: CKM_SHA512_RSA_PKCS\)/,
    'ec:p256': /usable: yes \(keygen CKM_EC(DSA)?_KEY_PAIR_GEN; sha256: CKM_ECDSA_SHA256\)/,
  },
};

/** The verdict lines docs/tokens.md shows for a token, between its <!-- verdicts NAME --> markers. */
function documentedVerdicts(name: TokenName): string[] {
  const doc = readFileSync(join(root, 'docs/tokens.md'), 'utf8');
  const start = doc.indexOf(`<!-- verdicts ${name} -->`);
  const end = doc.indexOf('<!-- /verdicts -->', start);
  if (start === -1 || end === -1) return [];
  return doc.slice(start, end).split('\n').map((l) => l.trim()).filter((l) => /^(rsa|ec):/.test(l));
}

function airsign(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}

for (const name of TOKENS) {
  const missing = missingFor(name);
  if (missing !== undefined) console.warn(`token matrix: skipping ${missing}`);

  describe.skipIf(missing !== undefined)(`token matrix: ${name}`, () => {
    let token: RealToken;
    const made = new Map<string, { label: string; cert: string }>();
    const cli = (args: string[]) => signerCli(args, token.env);
    const uri = (object?: string) => `pkcs11:token=${encodeURIComponent(token.label)}${object === undefined ? '' : `;object=${object}`}`;
    const state = () => join(token.dir, 'state');

    beforeAll(() => {
      token = startToken(name, 'matrix');
    }, 120_000);
    afterAll(() => token?.stop());

    it('says per key type whether the token can make and sign with it', () => {
      const r = cli(['mechanisms', ...token.moduleFlags, '--uri', uri()]);
      expect(r.status, r.stderr).toBe(0);
      const verdicts = r.stdout.slice(r.stdout.indexOf('key types for airsign:')).split('\n').map((l) => l.trim()).filter((l) => /^(rsa|ec):/.test(l));
      for (const type of KEY_TYPES) expect(verdicts.find((l) => l.startsWith(type)), verdicts.join('\n')).toMatch(EXPECTED[name][type]);
      // docs/tokens.md shows exactly what this token says.
      expect(documentedVerdicts(name)).toEqual(verdicts);
    });

    it('runs the ceremony for every key type it can make, and refuses the others before anything is made', () => {
      for (const type of KEY_TYPES) {
        const label = `key-${type.replace(':', '-')}`;
        const certOut = join(token.dir, `${label}.pem`);
        const r = cli(['keygen', ...token.moduleFlags, '--uri', uri(label), '--type', type, '--subject', `CN=matrix ${type}`, '--cert-out', certOut, '--pin-file', token.pinFile, '--state', state()]);
        if (EXPECTED[name][type].source.startsWith('usable: yes')) {
          expect(r.status, r.stderr).toBe(0);
          expect(r.stdout).toMatch(/^usage: {7}sign$/m);
          const x509 = new X509Certificate(readFileSync(certOut));
          expect(x509.verify(x509.publicKey)).toBe(true);
          made.set(type, { label, cert: certOut });
        } else {
          expect(r.status).toBe(1);
          expect(r.stderr).toContain(`MECHANISM_UNSUPPORTED: cannot make a ${type} signing key on token "${token.label}": the token`);
          expect(existsSync(certOut)).toBe(false);
        }
      }
      const audit = readFileSync(join(state(), 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; keyType: string });
      expect(audit.map((a) => `${a.event} ${a.keyType}`)).toEqual([...made.keys()].map((t) => `keygen ${t}`));
    }, 600_000);

    it('lists the keys with their protection and the usages the token set', () => {
      const r = cli(['keys', ...token.moduleFlags, '--uri', uri(), '--pin-file', token.pinFile]);
      expect(r.status, r.stderr).toBe(0);
      for (const { label } of made.values()) {
        const at = r.stdout.indexOf(`  ${label}  `);
        expect(at, r.stdout).toBeGreaterThan(-1);
        expect(r.stdout.slice(at).split('\n')[1]).toMatch(/private key present, sensitive, not extractable; usage: sign$/);
      }
    });

    it('exports each certificate as a certificate message', () => {
      for (const { label, cert } of made.values()) {
        const out = join(token.dir, `${label}.cert.msg`);
        const r = cli(['export-cert', ...token.moduleFlags, '--uri', uri(label), '--out', out]);
        expect(r.status, r.stderr).toBe(0);
        const message = transferToMessage(readFileSync(out));
        if (message.kind !== 'certificate') throw new Error('not a certificate message');
        expect(Buffer.from(message.certificate).equals(new X509Certificate(readFileSync(cert)).raw)).toBe(true);
      }
    });

    it('signs a v2+v3 APK item and a v1 index-JAR item that the online side assembles and apksigner and jarsigner verify', async () => {
      const policy = join(token.dir, 'policy.json');
      const init = cli(['policy', 'init', ...token.moduleFlags, '--out', policy, '--uri', uri(), '--kind', 'apk', '--kind', 'jar']);
      expect(init.status, init.stderr).toBe(0);
      writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(policy, 'utf8')), unattended: true }));
      for (const [type, key] of made) {
        const work = join(token.dir, `work-${key.label}`);
        const apk = join(token.dir, `${key.label}.apk`);
        const jar = join(token.dir, `${key.label}-index`, 'index-v1.jar');
        spawnSync('mkdir', ['-p', join(token.dir, `${key.label}-index`)]);
        await makeApk(apk, { packageName: `org.example.${key.label.replace(/-/g, '')}`, versionCode: 3, minSdk: 26 });
        await makeIndexJar(jar, 'index-v1.jar', 1_764_000_000_000);
        const requested = airsign('request', apk, jar, '--cert', key.cert, '--session', work);
        expect(requested.status, requested.stderr).toBe(0);
        const response = join(token.dir, `${key.label}.response.msg`);
        const r = cli(['sign', ...token.moduleFlags, '--uri', uri(), '--in', requested.last, '--out', response, '--policy', policy, '--state', state(), '--yes', '--pin-file', token.pinFile, '--allow-network']);
        expect(r.status, `${type}: ${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stderr).toContain('2 of 2 item(s) signed');
        // Signed on the signing thread: the module opened there too (with its --module-args).
        expect(r.stderr).not.toContain('signing on the main thread');
        const received = airsign('receive', work, '--in', response);
        expect(received.status, received.stderr).toBe(0);
        const signedApk = apksignerVerify(join(work, 'out', `${key.label}.apk`));
        expect(signedApk.ok, signedApk.output).toBe(true);
        expect(signedApk.schemes).toEqual(['v2', 'v3']);
        const signedJar = jarsignerVerify(join(work, 'out', 'index-v1.jar'));
        expect(signedJar.ok, signedJar.output).toBe(true);
      }
    }, 600_000);

    it('tries a wrong PIN file once, says on a TPM that lockout covers the whole TPM, and the right PIN still logs in', () => {
      // Last in the file: this token (on tpm2, this test's own TPM) takes one wrong PIN, no more.
      const wrong = cli(['keys', ...token.moduleFlags, '--uri', uri(), '--pin-file', token.pinFileWith('9999')]);
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain('PIN_INCORRECT');
      expect(wrong.stderr).not.toContain('wrong PIN (');
      expect(wrong.stderr.includes('the whole TPM')).toBe(name === 'tpm2-pkcs11');
      const right = cli(['keys', ...token.moduleFlags, '--uri', uri(), '--pin-file', token.pinFile]);
      expect(right.status, right.stderr).toBe(0);
    }, 120_000);
  });
}
