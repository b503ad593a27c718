/**
 * The PKCS#11 layer on real SoftHSM2 tokens: choosing a token by URI, many keys on one token,
 * typed errors for a wrong or locked PIN, a missing token or key, and a token gone mid-session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../offline/ceremony/keygen.ts';
import { CK } from '../../../offline/pkcs11/cryptoki.ts';
import { planSignature } from '../../../offline/pkcs11/mechanisms.ts';
import { TokenConnection } from '../../../offline/pkcs11/token.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { signerCli } from '../support/cli.ts';
import { USER_PIN, freshSoftHsm, lockUserPin } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';

let hsm: SoftHsm;
const pin = (p = USER_PIN) => Buffer.from(p);

function open(uri: string, readWrite = false): TokenConnection {
  return TokenConnection.open({ uri: parsePkcs11Uri(uri), readWrite });
}

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('many');
  hsm.initToken('other');
  hsm.initToken('locked');
  lockUserPin(hsm, 'locked');
  const t = open('pkcs11:token=many', true);
  t.login(pin());
  for (let i = 0; i < 12; i++) {
    generateSigningKey(t, { label: `app-${i}`, keyType: { kind: 'ec', curve: 'p256' }, subject: `CN=app ${i}`, validityYears: 1 });
  }
  t.close();
});

afterAll(() => hsm.remove());

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

describe('tokens and keys', () => {
  it('selects the one token a URI names, and refuses none or several', () => {
    const t = open('pkcs11:token=other');
    expect(t.info.label).toBe('other');
    t.close();
    expect(codeOf(() => open('pkcs11:token=absent'))).toBe('TOKEN_NOT_FOUND');
    expect(codeOf(() => open('pkcs11:'))).toBe('TOKEN_AMBIGUOUS');
    expect(codeOf(() => open('pkcs11:token=many;library-manufacturer=Nobody'))).toBe('TOKEN_NOT_FOUND');
    expect(codeOf(() => TokenConnection.open({ modulePath: '/nonexistent/libpkcs11.so' }))).toBe('MODULE_LOAD_FAILED');
  });

  it('lists many keys on one token, and one key by label or id', () => {
    const t = open('pkcs11:token=many');
    const all = t.keys();
    expect(all.map((k) => k.label).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `app-${i}`).sort());
    expect(all.every((k) => k.certificate !== undefined && k.privateKey === undefined)).toBe(true); // not logged in: certificates only
    t.login(pin());
    expect(t.keys().every((k) => k.privateKey !== undefined)).toBe(true);
    t.close();
    const byLabel = open('pkcs11:token=many;object=app-7');
    expect(byLabel.keys().map((k) => k.label)).toEqual(['app-7']);
    const id = byLabel.keys()[0]!.id;
    byLabel.close();
    const idText = [...id].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const byId = open(`pkcs11:token=many;id=${idText}`);
    expect(byId.keys().map((k) => k.label)).toEqual(['app-7']);
    byId.close();
  });

  it('reports a wrong PIN, and wipes the PIN buffer either way', () => {
    const t = open('pkcs11:token=other');
    const wrong = pin('0000');
    expect(codeOf(() => t.login(wrong))).toBe('PIN_INCORRECT');
    expect(wrong.every((b) => b === 0)).toBe(true);
    const right = pin();
    t.login(right);
    expect(right.every((b) => b === 0)).toBe(true);
    expect(t.isLoggedIn).toBe(true);
    t.close();
  });

  it('reports a locked PIN before trying it', () => {
    const t = open('pkcs11:token=locked');
    expect(t.info.userPinLocked).toBe(true);
    expect(codeOf(() => t.login(pin()))).toBe('PIN_LOCKED');
    t.close();
  });

  it('gives one clear line on stderr for PIN errors in the CLI', () => {
    const wrong = signerCli(['keys', '--uri', 'pkcs11:token=other', '--pin-file', hsm.pinFileWith('9999')], hsm.env);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim()).toBe('airsign-signer: PIN_INCORRECT: C_Login failed: CKR_PIN_INCORRECT');
    expect(wrong.stderr).not.toContain('9999');
    const locked = signerCli(['keys', '--uri', 'pkcs11:token=locked', '--pin-file', hsm.pinFile], hsm.env);
    expect(locked.stderr.trim()).toMatch(/^airsign-signer: PIN_LOCKED: /);
    const none = signerCli(['keys', '--uri', 'pkcs11:token=other', '--pin-file', '/nonexistent/pin'], hsm.env);
    expect(none.stderr).toContain('PIN_MISSING');
  });

  it('reports a token gone mid-session as TOKEN_REMOVED', () => {
    const t = open('pkcs11:token=many');
    t.login(pin());
    const key = t.keys()[0]!;
    expect(t.signRaw(key.privateKey!, key.keyType!, 'sha256', new Uint8Array(10))).toHaveLength(64);
    t.slot.closeAllSessions(); // what the module does to our sessions when the token is pulled
    expect(codeOf(() => t.signRaw(key.privateKey!, key.keyType!, 'sha256', new Uint8Array(10)))).toBe('TOKEN_REMOVED');
    t.close();
  });

  it('plans mechanisms from what the token offers', () => {
    const t = open('pkcs11:token=other');
    const offered = t.mechanisms();
    expect(offered.has(CK.CKM_SHA256_RSA_PKCS)).toBe(true);
    expect(offered.has(CK.CKM_ECDSA_SHA256)).toBe(false); // SoftHSM2: we hash, the token signs the digest
    expect(planSignature({ kind: 'ec', curve: 'p256' }, 'sha256', offered).mechanism.mechanism).toBe(CK.CKM_ECDSA);
    expect(planSignature({ kind: 'rsa', bits: 4096 }, 'sha512', offered)).toMatchObject({ mechanism: { mechanism: CK.CKM_SHA512_RSA_PKCS }, length: 512 });
    expect(codeOf(() => planSignature({ kind: 'rsa', bits: 3072 }, 'sha256', new Set()))).toBe('MECHANISM_UNSUPPORTED');
    t.close();
  });
});
