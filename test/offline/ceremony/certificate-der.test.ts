/**
 * Covers offline/ceremony/certificate.ts and name.ts: the exact DER the key ceremony writes (TBS,
 * name, times on both sides of 2050, extensions, the ECDSA signature re-encoding), pinned by
 * digest so that a change of DER writer cannot change a byte of a certificate.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assembleCertificate, tbsCertificate } from '../../../offline/ceremony/certificate.ts';
import { encodeName, parseDistinguishedName } from '../../../offline/ceremony/name.ts';
import { P256_PARAMS } from '../../../offline/ceremony/public-key.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const name = encodeName(parseDistinguishedName('CN=Release\\, signing, O=Example Org, OU=Apps, L=Berlin, ST=Berlin, C=DE, SERIALNUMBER=42, EMAILADDRESS=keys@example.org'));

const PINNED = {
  rsa3072: { tbs: 'a3cad08a60a862555b31c788d0fdca9f6b52ca94a2e9b68d68107a4572309d7d', certificate: '7dae2d422699c7aff1361e3abef52b8ab6377ce3cd2140d4ba3e7d48932944ad' },
  ec256: { tbs: '8e5d3c6ed71fa64b81d0699df822e037f352469c602dc3502f340d78b03ab616', certificate: '586226cd0f287674d9ae183ab680fb26a963f892d08d027d1888d48dbe476b7d' },
};

describe('ceremony DER', () => {
  it('writes the same name, curve parameters, TBS and certificate bytes as before', () => {
    expect(sha256(name)).toBe('100646f51040b93ef5a5222ef75f3daa874a64d12230f7f44dce7f662b9bc6d4');
    expect(Buffer.from(P256_PARAMS).toString('hex')).toBe('06082a8648ce3d030107');
    for (const [kind, keyType, signatureLength] of [['rsa3072', { kind: 'rsa', bits: 3072 }, 384], ['ec256', { kind: 'ec', curve: 'p256' }, 64]] as const) {
      // The TBS carries the SubjectPublicKeyInfo as it is: fixed bytes keep the digests fixed.
      const spki = Uint8Array.from({ length: 300 }, (_, i) => (i * 13 + 7) & 0xff);
      const tbs = tbsCertificate({
        serial: Uint8Array.of(0x00, 0x00, 0x9c, 0x01, 0x02), name, notBefore: new Date('2026-01-31T12:34:56Z'), notAfter: new Date('2056-01-31T12:34:56Z'),
        spki, publicKeyBits: spki.subarray(spki.length - 40), keyType,
      });
      const signature = new Uint8Array(signatureLength).map((_, i) => (i * 37 + 0x81) & 0xff);
      expect({ kind, tbs: sha256(tbs), certificate: sha256(assembleCertificate(tbs, keyType, signature)) }).toEqual({ kind, ...PINNED[kind] });
    }
  });
});
