import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes.ts';
import { isProtocolError } from '../../../protocol/errors.ts';
import {
  bitLength, decodeOid, decodeUnsignedInteger, derChildren, derOid, derSequence, derSetOf, derSmallInteger, derUnsignedInteger, readDer, TAG,
} from '../../../protocol/signing/index.ts';

describe('DER', () => {
  it('encodes object identifiers as X.690 does', () => {
    expect(toHex(derOid('2.16.840.1.101.3.4.2.1'))).toBe('0609608648016503040201');
    expect(toHex(derOid('1.2.840.113549.1.9.4'))).toBe('06092a864886f70d010904');
    expect(decodeOid(readDer(derOid('1.2.840.10045.3.1.7'), TAG.OID))).toBe('1.2.840.10045.3.1.7');
  });

  it('encodes unsigned integers minimally, with a sign byte when the top bit is set', () => {
    expect(toHex(derUnsignedInteger(fromHex('0000ff')))).toBe('020200ff');
    expect(toHex(derUnsignedInteger(fromHex('7f')))).toBe('02017f');
    expect(toHex(derSmallInteger(0))).toBe('020100');
    expect(toHex(decodeUnsignedInteger(readDer(fromHex('020200ff'), TAG.INTEGER)))).toBe('ff');
  });

  it('uses long-form lengths from 128 bytes on and reads them back', () => {
    const long = derSequence(new Uint8Array(300));
    expect(toHex(long.subarray(0, 4))).toBe('3082012c');
    expect(readDer(long, TAG.SEQUENCE).content.length).toBe(300);
  });

  it('sorts SET OF elements by their encodings', () => {
    const set = derSetOf(fromHex('0402bbbb'), fromHex('0401aa'));
    expect(derChildren(readDer(set, TAG.SET)).map((c) => toHex(c.der))).toEqual(['0401aa', '0402bbbb']);
  });

  it('measures bit lengths', () => {
    expect(bitLength(fromHex('00'))).toBe(0);
    expect(bitLength(fromHex('0001'))).toBe(1);
    expect(bitLength(fromHex('80' + '00'.repeat(383)))).toBe(3072);
  });

  it.each([
    ['truncated', '3005020101', 'TRUNCATED'],
    ['trailing bytes', '30030201010000', 'TRAILING_BYTES'],
    ['indefinite length', '3080020101', 'NON_CANONICAL'],
    ['non-minimal length', '3081030201010', 'NON_CANONICAL'],
    ['wrong tag', '3103020101', 'BAD_TYPE'],
    ['a five-byte length', '3085ffffffffff', 'TOO_LARGE'],
  ])('refuses %s', (_name, hex, code) => {
    const bytes = fromHex(hex.length % 2 === 0 ? hex : hex + '0');
    let caught: unknown;
    try {
      readDer(bytes, TAG.SEQUENCE);
    } catch (e) {
      caught = e;
    }
    expect(isProtocolError(caught), String(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe(code);
  });

  it('refuses padded and negative integers', () => {
    expect(() => decodeUnsignedInteger(readDer(fromHex('0202007f'), TAG.INTEGER))).toThrow(/padded/);
    expect(() => decodeUnsignedInteger(readDer(fromHex('0201ff'), TAG.INTEGER))).toThrow(/negative/);
  });
});
