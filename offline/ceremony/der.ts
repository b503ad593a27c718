/** A small DER writer: just the types an X.509 certificate and an ECDSA signature need. */
import { concatBytes } from '../../protocol/bytes.ts';

function lengthBytes(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Uint8Array.from([0x80 | out.length, ...out]);
}

export function tlv(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  const body = concatBytes(...content);
  return concatBytes(Uint8Array.of(tag), lengthBytes(body.length), body);
}

export const sequence = (...items: readonly Uint8Array[]) => tlv(0x30, ...items);
export const set = (...items: readonly Uint8Array[]) => tlv(0x31, ...items);
export const nullValue = () => Uint8Array.of(0x05, 0x00);
export const boolean = (v: boolean) => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);
export const octetString = (b: Uint8Array) => tlv(0x04, b);
export const bitString = (b: Uint8Array) => tlv(0x03, Uint8Array.of(0), b);
export const utf8String = (s: string) => tlv(0x0c, new TextEncoder().encode(s));
export const printableString = (s: string) => tlv(0x13, new TextEncoder().encode(s));
export const ia5String = (s: string) => tlv(0x16, new TextEncoder().encode(s));
/** [n] EXPLICIT, constructed context tag. */
export const explicit = (n: number, inner: Uint8Array) => tlv(0xa0 | n, inner);

/** INTEGER from unsigned big-endian bytes: minimal, with a 0 byte where the top bit is set. */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const body = trimmed.length === 0 ? Uint8Array.of(0) : (trimmed[0]! & 0x80) !== 0 ? concatBytes(Uint8Array.of(0), trimmed) : trimmed;
  return tlv(0x02, body);
}

export function smallInteger(n: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return unsignedInteger(Uint8Array.from(bytes));
}

export function objectIdentifier(dotted: string): Uint8Array {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** X.509 Time: UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
export function time(date: Date): Uint8Array {
  const iso = date.toISOString(); // 2025-01-31T12:34:56.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = date.getUTCFullYear();
  const text = year < 2050 ? `${digits.slice(2)}Z` : `${digits}Z`;
  return tlv(year < 2050 ? 0x17 : 0x18, new TextEncoder().encode(text));
}

/** ECDSA-Sig-Value (SEQUENCE of r and s) from the r||s a PKCS#11 token returns. */
export function ecdsaSignatureDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}
