/**
 * offline/pkcs11/capabilities.ts signProblem for a digest the signer finished itself (OpenPGP): a
 * token that offers only hashing mechanisms can sign APK items but not OpenPGP ones, and says so
 * before the PIN is asked for; with CKM_RSA_PKCS or CKM_ECDSA it can.
 */
import { describe, expect, it } from 'vitest';
import { signProblem } from '../../../offline/pkcs11/capabilities.ts';
import type { Capabilities } from '../../../offline/pkcs11/capabilities.ts';
import { CK } from '../../../offline/pkcs11/cryptoki.ts';

function caps(...mechanisms: number[]): Capabilities {
  return new Map(mechanisms.map((m) => [m, { mechanism: m, name: String(m), minKeySize: 1024, maxKeySize: 4096, canSign: true }]));
}

describe('signProblem for prehashed signatures', () => {
  const rsa = { kind: 'rsa', bits: 3072 } as const;
  const ec = { kind: 'ec', curve: 'p256' } as const;

  it('refuses a token with only hashing mechanisms, which still signs data', () => {
    expect(signProblem(caps(CK.CKM_SHA256_RSA_PKCS), rsa, 'sha256')).toBeUndefined();
    expect(signProblem(caps(CK.CKM_SHA256_RSA_PKCS), rsa, 'sha256', true)).toMatch(/CKM_RSA_PKCS/);
    expect(signProblem(caps(CK.CKM_ECDSA_SHA256), ec, 'sha256', true)).toMatch(/CKM_ECDSA/);
  });

  it('accepts CKM_RSA_PKCS and CKM_ECDSA', () => {
    expect(signProblem(caps(CK.CKM_SHA256_RSA_PKCS, CK.CKM_RSA_PKCS), rsa, 'sha256', true)).toBeUndefined();
    expect(signProblem(caps(CK.CKM_ECDSA), ec, 'sha256', true)).toBeUndefined();
  });
});
