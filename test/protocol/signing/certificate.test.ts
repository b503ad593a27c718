import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { certificateFields, certificateKeyType, certificateSha256 } from '../../../protocol/signing/index.ts';
import { testKey } from '../../support/software-keys.ts';

describe('certificate', () => {
  it.each([
    ['rsa3072', { kind: 'rsa', bits: 3072 }],
    ['rsa4096', { kind: 'rsa', bits: 4096 }],
    ['ec256', { kind: 'ec', curve: 'p256' }],
  ] as const)('reads the key type of a %s certificate', (kind, expected) => {
    expect(certificateKeyType(testKey(kind).certificateDer)).toEqual(expected);
  });

  it('refuses EC keys on other curves', () => {
    expect(() => certificateKeyType(testKey('ec384').certificateDer)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it('agrees with node:crypto on fingerprint, public key and serial', () => {
    const der = testKey('rsa3072').certificateDer;
    const x509 = new X509Certificate(der);
    expect(toHex(certificateSha256(der))).toBe(createHash('sha256').update(der).digest('hex'));
    const fields = certificateFields(der);
    expect(Buffer.from(fields.subjectPublicKeyInfo).equals(x509.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(BigInt(`0x${toHex(fields.serialNumber.subarray(2))}`)).toBe(BigInt(`0x${x509.serialNumber}`));
  });

  it('refuses trailing bytes and truncation', () => {
    const der = testKey('ec256').certificateDer;
    expect(() => certificateFields(new Uint8Array([...der, 0]))).toThrow(expect.objectContaining({ code: 'TRAILING_BYTES' }));
    expect(() => certificateFields(der.subarray(0, der.length - 1))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });

  it('refuses a serial number padded with a zero byte (BER, not DER: the same certificate under a second SHA-256)', () => {
    const der = testKey('rsa3072').certificateDer;
    const serial = certificateFields(der).serialNumber;
    const at = Buffer.from(der).indexOf(Buffer.from(serial));
    const padded = new Uint8Array([...der.subarray(0, at), 0x02, serial[1]! + 1, 0x00, ...serial.subarray(2), ...der.subarray(at + serial.length)]);
    // The certificate and tbsCertificate SEQUENCEs (both 30 82 hi lo) each grow by the one byte.
    for (const pos of [2, 6]) {
      const n = padded[pos]! * 256 + padded[pos + 1]! + 1;
      padded.set([n >> 8, n & 0xff], pos);
    }
    expect(() => certificateFields(padded)).toThrow(expect.objectContaining({ code: 'NON_CANONICAL' }));
  });
});
