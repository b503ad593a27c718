/**
 * ECDSA signature encodings. PKCS#11 (CKM_ECDSA) returns r||s, each as wide as the curve order;
 * APK signer blocks and PKCS#7 carry the DER SEQUENCE { r INTEGER, s INTEGER }.
 */
import { ProtocolError } from '../errors.ts';
import { decodeUnsignedInteger, derChildren, derSequence, derUnsignedInteger, readDer, TAG } from './der.ts';

/** r||s (even length, at most 132 bytes: P-521) to DER. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0 || raw.length > 132) {
    throw new ProtocolError('BAD_ARGUMENT', `"signature" expected r||s of even length up to 132 bytes, got length=${raw.length}`, { fields: ['signature'] });
  }
  const half = raw.length / 2;
  const r = raw.subarray(0, half);
  const s = raw.subarray(half);
  if (r.every((b) => b === 0) || s.every((b) => b === 0)) {
    throw new ProtocolError('BAD_ARGUMENT', '"signature" has a zero r or s', { fields: ['signature'] });
  }
  return derSequence(derUnsignedInteger(r), derUnsignedInteger(s));
}

/** DER to r||s with each half `size` bytes wide (32 for P-256). */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array {
  const seq = readDer(der, TAG.SEQUENCE, 'ECDSA signature');
  const parts = derChildren(seq, 'ECDSA signature');
  if (parts.length !== 2) throw new ProtocolError('BAD_TYPE', `ECDSA signature: expected 2 integers, got ${parts.length}`);
  const out = new Uint8Array(2 * size);
  parts.forEach((part, i) => {
    const value = decodeUnsignedInteger(part, i === 0 ? 'r' : 's');
    if (value.length > size) throw new ProtocolError('BAD_TYPE', `ECDSA signature: ${i === 0 ? 'r' : 's'} wider than ${size} bytes`);
    out.set(value, (i + 1) * size - value.length);
  });
  return out;
}
