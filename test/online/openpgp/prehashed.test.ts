/**
 * online/signatures/prehashed.ts, the check of a signature over a digest finished outside
 * node:crypto, against node:crypto's own signatures: RSA PKCS#1 v1.5 and ECDSA P-256 (raw r||s)
 * verify; a signature over another digest, a flipped bit, r or s out of range, and a wrong length
 * do not.
 */
import { createHash, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifiesPrehashed } from '../../../online/signatures/prehashed.ts';
import { testKey } from '../../support/software-keys.ts';
import { X509Certificate } from 'node:crypto';

const data = Buffer.from('the file, then the trailer');
const digest = createHash('sha256').update(data).digest();
const other = createHash('sha256').update('something else').digest();

describe.each(['rsa3072', 'ec256'] as const)('verifiesPrehashed with %s', (kind) => {
  const key = testKey(kind);
  const publicKey = new X509Certificate(key.certificateDer).publicKey;
  const signature = new Uint8Array(sign('sha256', data, kind === 'ec256' ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' } : key.privateKey));

  it('accepts the signature over the digest', () => {
    expect(verifiesPrehashed(publicKey, digest, signature)).toBe(true);
  });

  it('refuses another digest, a flipped bit and a wrong length', () => {
    expect(verifiesPrehashed(publicKey, other, signature)).toBe(false);
    const flipped = signature.slice();
    flipped[10]! ^= 1;
    expect(verifiesPrehashed(publicKey, digest, flipped)).toBe(false);
    expect(verifiesPrehashed(publicKey, digest, signature.subarray(1))).toBe(false);
    expect(verifiesPrehashed(publicKey, digest.subarray(1), signature)).toBe(false);
  });
});

it('refuses ECDSA values out of range (zero, the group order)', () => {
  const publicKey = new X509Certificate(testKey('ec256').certificateDer).publicKey;
  const n = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');
  expect(verifiesPrehashed(publicKey, digest, new Uint8Array(64))).toBe(false);
  expect(verifiesPrehashed(publicKey, digest, new Uint8Array(Buffer.concat([n, n])))).toBe(false);
});
