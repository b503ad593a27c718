/**
 * Mechanism fallbacks and a token that will not do what it lists, on SoftHSM2 made to offer less
 * through its own configuration (`slots.mechanisms`), so the same keys can be signed with by both
 * paths: RSA through CKM_RSA_PKCS over the signer's DigestInfo gives the very bytes
 * CKM_SHA256_RSA_PKCS / CKM_SHA512_RSA_PKCS give (on the signing thread, as `sign` signs); an item
 * the token cannot sign is refused at review before any PIN; a key the token will not sign with
 * ends in a typed refusal with the token's words, in the audit log, and `sign` exits 1; the
 * protection read-back finds an insecure key.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { CK } from '../../../offline/pkcs11/cryptoki.ts';
import { keyAttributes, protectionProblems } from '../../../offline/pkcs11/objects.ts';
import { TokenConnection } from '../../../offline/pkcs11/token.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { signerCli } from '../support/cli.ts';
import { makeRequest } from '../support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';
import { verifyResponse } from '../support/verify-response.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let policy: string;
let n = 0;

/** The same token directory, seen through a module configured to offer only `mechanisms`. */
function restricted(mechanisms: string[]): NodeJS.ProcessEnv {
  const conf = join(hsm.dir, `restricted-${n++}.conf`);
  writeFileSync(conf, `${readFileSync(hsm.conf, 'utf8')}slots.mechanisms = ${mechanisms.join(',')}\n`);
  return { ...hsm.env, SOFTHSM2_CONF: conf };
}

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('fb');
  keys = makeKeys(hsm, 'fb', [
    { label: 'rsa3072', keyType: { kind: 'rsa', bits: 3072 } },
    { label: 'rsa4096', keyType: { kind: 'rsa', bits: 4096 } },
    { label: 'ec', keyType: { kind: 'ec', curve: 'p256' } },
    { label: 'nosign', keyType: { kind: 'rsa', bits: 3072 } },
  ]);
  // A key the token lists CKM_SHA256_RSA_PKCS for, but will not sign with.
  const t = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=fb;object=nosign'), readWrite: true });
  t.login(Buffer.from(USER_PIN));
  t.session.setAttributes(t.keys()[0]!.privateKey!, [{ type: CK.CKA_SIGN, value: false }]);
  t.close();
  policy = join(hsm.dir, 'policy.json');
  const init = signerCli(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=fb', '--kind', 'apk', '--kind', 'jar'], hsm.env);
  expect(init.status, init.stderr).toBe(0);
  writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(policy, 'utf8')), unattended: true }));
}, 300_000);

afterAll(() => hsm.remove());

function sign(request: SigningRequest, env: NodeJS.ProcessEnv, extra: string[] = ['--pin-file', hsm.pinFile]) {
  const input = join(hsm.dir, `request-${n++}.msg`);
  writeFileSync(input, messageToTransfer(request));
  const out = join(hsm.dir, `response-${n++}.msg`);
  const state = join(hsm.dir, `state-${n++}`);
  const r = signerCli(['sign', '--in', input, '--out', out, '--policy', policy, '--uri', 'pkcs11:token=fb', '--state', state, '--yes', '--allow-network', ...extra], env);
  const response = r.status === null ? undefined : (() => {
    try {
      return transferToMessage(readFileSync(out)) as SigningResponse;
    } catch {
      return undefined;
    }
  })();
  return { ...r, response, audit: () => readFileSync(join(state, 'audit.log'), 'utf8') };
}

describe('mechanism fallbacks', () => {
  it('signs RSA through CKM_RSA_PKCS and the DigestInfo the signer builds, to the very bytes CKM_SHA*_RSA_PKCS give', () => {
    // As opencryptoki's software token: RSA signing through CKM_RSA_PKCS only.
    const rsaOnly = restricted(['CKM_RSA_PKCS_KEY_PAIR_GEN', 'CKM_RSA_PKCS', 'CKM_EC_KEY_PAIR_GEN', 'CKM_ECDSA']);
    const verdict = signerCli(['mechanisms', '--uri', 'pkcs11:token=fb'], rsaOnly);
    expect(verdict.stdout).toMatch(/rsa:3072 +usable: yes \(keygen CKM_RSA_PKCS_KEY_PAIR_GEN; sha256: CKM_RSA_PKCS over a SHA256 DigestInfo built by the signer\)/);
    // The list marks what the signer uses from pkcs11/mechanisms.ts's own tables: the fallbacks too.
    expect(verdict.stdout).toMatch(/^\* CKM_RSA_PKCS +0x/m);
    expect(verdict.stdout).toMatch(/^\* CKM_ECDSA +0x/m);
    const request = makeRequest(keys, [
      { key: 0, name: 'org.example.a' },
      { key: 0, artifact: 'jar', name: 'entry.jar', versionCode: 1_700_000_000 },
      { key: 1, name: 'org.example.b' },
    ]);
    const both = sign(request, hsm.env);
    const fallback = sign(request, rsaOnly);
    expect(both.status, both.stderr).toBe(0);
    expect(fallback.status, fallback.stderr).toBe(0);
    // Signed on the signing thread, not the main-thread fallback.
    expect(fallback.stderr).not.toContain('signing on the main thread');
    expect(verifyResponse(request, fallback.response!, keys)).toBe(5);
    const sigs = (r: SigningResponse) => r.results.flatMap((x) => (x.status === 'signed' ? x.signatures.map((s) => Buffer.from(s.signature).toString('hex')) : []));
    expect(sigs(fallback.response!)).toEqual(sigs(both.response!));
    expect(sigs(both.response!)).toHaveLength(5);
  }, 300_000);

  it('refuses at review, before any PIN is asked for, an item the token cannot sign, and exits 1', () => {
    const noEcdsa = restricted(['CKM_RSA_PKCS_KEY_PAIR_GEN', 'CKM_SHA256_RSA_PKCS', 'CKM_EC_KEY_PAIR_GEN']);
    const request = makeRequest(keys, [{ key: 2, name: 'org.example.ec' }]);
    // No --pin-file and no terminal: asking for a PIN would fail with PIN_MISSING.
    const r = sign(request, noEcdsa, []);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('PIN_MISSING');
    expect(r.stdout).toMatch(/REFUSE UNSUPPORTED_ALGORITHM: the token cannot sign v2: the token offers neither CKM_ECDSA_SHA256 nor CKM_ECDSA/);
    expect(r.stdout).toContain('item 1 refused because of the token:');
    expect(r.stderr).toContain('nothing was signed because of the token');
    expect(r.response?.results[0]).toMatchObject({ status: 'refused', reason: 'UNSUPPORTED_ALGORITHM' });
  }, 120_000);

  it('turns a key the token lists mechanisms for but will not sign with into a typed refusal with its words, logged, exit 1', () => {
    const request = makeRequest(keys, [{ key: 3, name: 'org.example.nosign' }]);
    const r = sign(request, hsm.env);
    expect(r.status).toBe(1);
    const result = r.response!.results[0]!;
    expect(result).toMatchObject({ status: 'refused', reason: 'UNSUPPORTED_ALGORITHM', detail: 'the token cannot sign: C_SignInit/C_Sign failed: CKR_KEY_FUNCTION_NOT_PERMITTED' });
    const audit = r.audit().trim().split('\n').map((l) => JSON.parse(l) as { event: string; detail?: string });
    expect(audit.map((a) => a.event)).toEqual(['refused']);
    expect(audit[0]!.detail).toContain('CKR_KEY_FUNCTION_NOT_PERMITTED');
    const listed = signerCli(['keys', '--uri', 'pkcs11:token=fb;object=nosign', '--pin-file', hsm.pinFile], hsm.env);
    expect(listed.stdout).toContain('WARNING: not held as the ceremony makes keys: CKA_SIGN is false');
  }, 120_000);

  it('puts a ceremony refused after login in the audit log, in its own words, and writes no certificate', () => {
    const state = join(hsm.dir, 'state-keygen');
    const certOut = join(hsm.dir, 'refused.pem');
    const r = signerCli(['keygen', '--uri', 'pkcs11:token=fb;object=ec', '--type', 'ec:p256', '--subject', 'CN=again', '--cert-out', certOut, '--pin-file', hsm.pinFile, '--state', state], hsm.env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('KEY_EXISTS');
    expect(existsSync(certOut)).toBe(false);
    const audit = readFileSync(join(state, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ event: 'keygen-refused', label: 'ec', keyType: 'ec:p256', code: 'KEY_EXISTS' });
    expect(signerCli(['audit', 'verify', '--state', state], hsm.env).status).toBe(0);
  });

  it('reads a key whose protection the token did not give back as insecure, in the token\'s own attribute values', () => {
    const t = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=fb'), readWrite: true });
    try {
      t.login(Buffer.from(USER_PIN));
      const pair = t.session.generateKeyPair(
        { mechanism: CK.CKM_EC_KEY_PAIR_GEN },
        [{ type: CK.CKA_EC_PARAMS, value: Buffer.from('06082a8648ce3d030107', 'hex') }, { type: CK.CKA_TOKEN, value: false }],
        [{ type: CK.CKA_TOKEN, value: false }, { type: CK.CKA_SENSITIVE, value: false }, { type: CK.CKA_EXTRACTABLE, value: true }, { type: CK.CKA_SIGN, value: true }],
      );
      expect(protectionProblems(keyAttributes(t.session, pair.privateKey))).toEqual([
        'CKA_SENSITIVE is false',
        'CKA_ALWAYS_SENSITIVE is false',
        'CKA_EXTRACTABLE is true',
        'CKA_NEVER_EXTRACTABLE is false',
        'CKA_TOKEN is false',
      ]);
      const good = keys[2]!;
      const made = t.keys().find((k) => k.label === good.label)!;
      expect(protectionProblems(keyAttributes(t.session, made.privateKey!))).toEqual([]);
    } finally {
      t.close();
    }
  });
});
