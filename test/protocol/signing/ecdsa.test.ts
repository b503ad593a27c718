import { sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../../../protocol/bytes.ts';
import { ecdsaDerToRaw, ecdsaRawToDer } from '../../../protocol/signing/index.ts';
import { testKey } from '../../support/software-keys.ts';

describe('ECDSA encodings', () => {
  it('turns r||s from a token into DER that node:crypto verifies, and back', () => {
    const key = testKey('ec256');
    const data = utf8('signed data');
    for (let i = 0; i < 20; i++) {
      const raw = new Uint8Array(sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }));
      const der = ecdsaRawToDer(raw);
      expect(verify('sha256', data, key.privateKey, der)).toBe(true);
      expect(toHex(ecdsaDerToRaw(der, 32))).toBe(toHex(raw));
    }
  });

  it('drops leading zeros and adds sign bytes', () => {
    const raw = fromHex('00'.repeat(31) + '01' + 'ff'.repeat(32));
    expect(toHex(ecdsaRawToDer(raw))).toBe('3026020101022100' + 'ff'.repeat(32));
  });

  it('refuses odd lengths and zero halves', () => {
    expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
    expect(() => ecdsaRawToDer(new Uint8Array(64))).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});
