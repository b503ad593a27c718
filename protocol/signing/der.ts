/**
 * The one DER writer and reader of the project: just what certificates (read here, written by the
 * offline key ceremony), PKCS#7 signed attributes and ECDSA signatures need. Libraries were measured
 * against it (bench/deps/der.ts, docs/dependencies.md): they read BER, not only DER, and do not sort SET OF. The reader takes definite lengths only, checks every length against the bytes
 * it has before slicing, and refuses non-minimal length forms (DER allows exactly one encoding).
 */
import { concatBytes, utf8 } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One tag-length-value. */
export function derTlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(tag), encodeLength(content.length), content);
}

export function derSequence(...parts: readonly Uint8Array[]): Uint8Array {
  return derTlv(TAG.SEQUENCE, concatBytes(...parts));
}

/** SET OF: DER orders the elements by their encodings. */
export function derSetOf(...parts: readonly Uint8Array[]): Uint8Array {
  const sorted = [...parts].sort(compareBytes);
  return derTlv(TAG.SET, concatBytes(...sorted));
}

export function derOctetString(bytes: Uint8Array): Uint8Array {
  return derTlv(TAG.OCTET_STRING, bytes);
}

export function derNull(): Uint8Array {
  return Uint8Array.of(TAG.NULL, 0);
}

/** An INTEGER from unsigned big-endian magnitude bytes (leading zeros dropped, a sign byte added when needed). */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const body = trimmed.length === 0 ? Uint8Array.of(0) : (trimmed[0]! & 0x80) !== 0 ? concatBytes(Uint8Array.of(0), trimmed) : trimmed;
  return derTlv(TAG.INTEGER, body);
}

export function derSmallInteger(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
    throw new ProtocolError('BAD_ARGUMENT', `"value" expected an integer from 0 to 2^31-1, got ${value}`, { fields: ['value'] });
  }
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return derUnsignedInteger(Uint8Array.from(bytes));
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) {
    throw new ProtocolError('BAD_ARGUMENT', `"oid" expected a dotted object identifier, got "${dotted}"`, { fields: ['oid'] });
  }
  const out: number[] = [];
  const push = (arc: number) => {
    const groups: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) groups.unshift(0x80 | (n & 0x7f));
    out.push(...groups);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return derTlv(TAG.OID, Uint8Array.from(out));
}

export function derBoolean(value: boolean): Uint8Array {
  return Uint8Array.of(TAG.BOOLEAN, 1, value ? 0xff : 0x00);
}

/** A BIT STRING of whole bytes (no unused bits), as keys and signatures are. */
export function derBitString(bytes: Uint8Array): Uint8Array {
  return derTlv(TAG.BIT_STRING, concatBytes(Uint8Array.of(0), bytes));
}

export function derUtf8String(text: string): Uint8Array {
  return derTlv(TAG.UTF8_STRING, utf8(text));
}

/** The caller checks the characters are PrintableString's (X.680 41.4) or IA5's (ASCII). */
export function derPrintableString(text: string): Uint8Array {
  return derTlv(TAG.PRINTABLE_STRING, utf8(text));
}

export function derIa5String(text: string): Uint8Array {
  return derTlv(TAG.IA5_STRING, utf8(text));
}

/** X.509 Time: UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), to the second, in UTC. */
export function derTime(date: Date): Uint8Array {
  const digits = date.toISOString().slice(0, 19).replace(/[-T:]/g, ''); // 20250131123456
  const year = date.getUTCFullYear();
  return year < 2050 ? derTlv(TAG.UTC_TIME, utf8(`${digits.slice(2)}Z`)) : derTlv(TAG.GENERALIZED_TIME, utf8(`${digits}Z`));
}

/** [n] EXPLICIT (constructed, context-specific). */
export function derExplicit(n: number, inner: Uint8Array): Uint8Array {
  return derTlv(0xa0 | n, inner);
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** One parsed TLV: `der` is the whole element, `content` its value; both are views into the input. */
export interface DerElement {
  readonly tag: number;
  readonly der: Uint8Array;
  readonly content: Uint8Array;
}

/** Reads the element that starts at `offset`. */
export function readDerAt(bytes: Uint8Array, offset: number, what = 'DER'): DerElement {
  if (offset + 2 > bytes.length) throw new ProtocolError('TRUNCATED', `${what}: element header past the end`);
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new ProtocolError('BAD_TYPE', `${what}: multi-byte tags are not supported`);
  const first = bytes[offset + 1]!;
  let length: number;
  let header: number;
  if (first < 0x80) {
    length = first;
    header = 2;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new ProtocolError('NON_CANONICAL', `${what}: indefinite length is not DER`);
    if (count > 4) throw new ProtocolError('TOO_LARGE', `${what}: length of ${count} bytes`);
    if (offset + 2 + count > bytes.length) throw new ProtocolError('TRUNCATED', `${what}: length past the end`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
    if (length < 0x80 || bytes[offset + 2] === 0) throw new ProtocolError('NON_CANONICAL', `${what}: length not in its shortest form`);
    header = 2 + count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw new ProtocolError('TRUNCATED', `${what}: element of ${length} bytes runs past the end`);
  return { tag, der: bytes.subarray(offset, end), content: bytes.subarray(offset + header, end) };
}

/** Reads exactly one element filling `bytes`, of the expected tag. */
export function readDer(bytes: Uint8Array, expectedTag: number, what = 'DER'): DerElement {
  const el = readDerAt(bytes, 0, what);
  if (el.der.length !== bytes.length) throw new ProtocolError('TRAILING_BYTES', `${what}: ${bytes.length - el.der.length} bytes after the element`);
  expectTag(el, expectedTag, what);
  return el;
}

export function expectTag(el: DerElement, tag: number, what: string): void {
  if (el.tag !== tag) throw new ProtocolError('BAD_TYPE', `${what}: expected tag 0x${tag.toString(16)}, got 0x${el.tag.toString(16)}`);
}

/** The elements inside a constructed element, in order. */
export function derChildren(el: DerElement, what = 'DER'): DerElement[] {
  const out: DerElement[] = [];
  for (let at = 0; at < el.content.length; ) {
    const child = readDerAt(el.content, at, what);
    out.push(child);
    at += child.der.length;
  }
  return out;
}

/** The dotted form of an OBJECT IDENTIFIER element. */
export function decodeOid(el: DerElement, what = 'OID'): string {
  expectTag(el, TAG.OID, what);
  const c = el.content;
  if (c.length === 0 || c[c.length - 1]! >= 0x80) throw new ProtocolError('BAD_TYPE', `${what}: malformed object identifier`);
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < c.length; i++) {
    if (value === 0 && c[i] === 0x80) throw new ProtocolError('NON_CANONICAL', `${what}: padded arc`);
    value = value * 128 + (c[i]! & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new ProtocolError('TOO_LARGE', `${what}: arc too large`);
    if ((c[i]! & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** An INTEGER of either sign in its one DER form: not empty, no redundant leading 00 or ff byte (X.690 8.3.2). */
export function expectMinimalInteger(el: DerElement, what = 'INTEGER'): void {
  expectTag(el, TAG.INTEGER, what);
  const c = el.content;
  if (c.length === 0) throw new ProtocolError('BAD_TYPE', `${what}: empty integer`);
  if (c.length > 1 && ((c[0] === 0 && (c[1]! & 0x80) === 0) || (c[0] === 0xff && (c[1]! & 0x80) !== 0))) {
    throw new ProtocolError('NON_CANONICAL', `${what}: padded integer`);
  }
}

/** The magnitude of a non-negative INTEGER, without a sign byte. */
export function decodeUnsignedInteger(el: DerElement, what = 'INTEGER'): Uint8Array {
  expectTag(el, TAG.INTEGER, what);
  const c = el.content;
  if (c.length === 0) throw new ProtocolError('BAD_TYPE', `${what}: empty integer`);
  if ((c[0]! & 0x80) !== 0) throw new ProtocolError('BAD_TYPE', `${what}: negative integer`);
  if (c.length > 1 && c[0] === 0 && (c[1]! & 0x80) === 0) throw new ProtocolError('NON_CANONICAL', `${what}: padded integer`);
  return c[0] === 0 && c.length > 1 ? c.subarray(1) : c;
}

/** Bit length of an unsigned big-endian magnitude. */
export function bitLength(magnitude: Uint8Array): number {
  let i = 0;
  while (i < magnitude.length && magnitude[i] === 0) i++;
  if (i === magnitude.length) return 0;
  return (magnitude.length - i - 1) * 8 + (32 - Math.clz32(magnitude[i]!));
}
