/**
 * The canonical encoder: a value in, the one byte string that represents it out (deterministic
 * CBOR, RFC 8949 §4.2.1, restricted to the subset in docs/wire-format.md). Objects become maps
 * with their keys in canonical order; properties whose value is `undefined` are left out.
 */
import { ProtocolError } from '../errors.ts';
import { DEFAULT_ENCODING_LIMITS, HARD_MAX_DEPTH } from './limits.ts';
import type { EncodingLimits } from './limits.ts';
import { FALSE, MAJOR_ARRAY, MAJOR_BYTES, MAJOR_MAP, MAJOR_TEXT, MAJOR_UINT, NULL, TRUE } from './major.ts';
import { compareBytes } from './order.ts';
import { encodeUtf8, isWellFormedText } from './text.ts';
import { ByteWriter } from './writer.ts';

/** What the encoding can carry. */
export type CborValue =
  | number
  | boolean
  | null
  | string
  | Uint8Array
  | readonly CborValue[]
  | { readonly [key: string]: CborValue | undefined };

export function encodeCanonical(value: unknown, limits: EncodingLimits = DEFAULT_ENCODING_LIMITS): Uint8Array {
  const encoder = new Encoder(limits);
  encoder.value(value, 0);
  if (encoder.out.length > limits.maxBytes) {
    throw new ProtocolError('TOO_LARGE', `encoded value is ${encoder.out.length} bytes, more than the ${limits.maxBytes} allowed`);
  }
  return encoder.out.finish();
}

class Encoder {
  readonly out = new ByteWriter();
  /** Encoded keys (head and UTF-8), reused across the many maps of one message that share them. */
  private readonly keyCache = new Map<string, Uint8Array>();
  /** Where we are, for error messages: keys and indexes from the top. */
  private readonly path: (string | number)[] = [];
  private readonly maxDepth: number;

  constructor(private readonly limits: EncodingLimits) {
    this.maxDepth = Math.min(limits.maxDepth, HARD_MAX_DEPTH);
  }

  value(v: unknown, depth: number): void {
    if (typeof v === 'number') return this.uint(v);
    if (typeof v === 'string') return this.text(v);
    if (typeof v === 'boolean') return this.out.byte(v ? TRUE : FALSE);
    if (v === null) return this.out.byte(NULL);
    if (v instanceof Uint8Array) {
      this.checkLength(v.length, 'byte string');
      this.out.head(MAJOR_BYTES, v.length);
      return this.out.bytes(v);
    }
    if (Array.isArray(v)) return this.array(v, depth + 1);
    if (isPlainObject(v)) return this.map(v, depth + 1);
    this.fail('BAD_ARGUMENT', `cannot encode ${describe(v)}`);
  }

  private uint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) this.fail('BAD_ARGUMENT', `only unsigned integers up to 2^53-1 are encoded, got ${n}`);
    this.out.head(MAJOR_UINT, n);
  }

  private text(s: string): void {
    if (s.length <= 64 && isAscii(s)) {
      // Most text is short ASCII (names, codes, enum values): its UTF-8 is its char codes.
      this.out.head(MAJOR_TEXT, s.length);
      for (let i = 0; i < s.length; i++) this.out.byte(s.charCodeAt(i));
      return;
    }
    if (!isWellFormedText(s)) this.fail('BAD_ARGUMENT', 'text has a lone surrogate, which UTF-8 cannot carry');
    const utf8 = encodeUtf8(s);
    this.checkLength(utf8.length, 'text string');
    this.out.head(MAJOR_TEXT, utf8.length);
    this.out.bytes(utf8);
  }

  private array(items: readonly unknown[], depth: number): void {
    this.enter(depth, items.length);
    this.out.head(MAJOR_ARRAY, items.length);
    for (let i = 0; i < items.length; i++) {
      this.path.push(i);
      if (items[i] === undefined) this.fail('BAD_ARGUMENT', 'arrays cannot hold undefined');
      this.value(items[i], depth);
      this.path.pop();
    }
  }

  private map(obj: Record<string, unknown>, depth: number): void {
    const entries: { key: Uint8Array; name: string }[] = [];
    for (const name of Object.keys(obj)) {
      if (obj[name] !== undefined) entries.push({ key: this.encodedKey(name), name });
    }
    this.enter(depth, entries.length);
    entries.sort((a, b) => compareBytes(a.key, b.key));
    this.out.head(MAJOR_MAP, entries.length);
    for (const { key, name } of entries) {
      this.out.bytes(key);
      this.path.push(name);
      this.value(obj[name], depth);
      this.path.pop();
    }
  }

  private encodedKey(name: string): Uint8Array {
    const cached = this.keyCache.get(name);
    if (cached !== undefined) return cached;
    if (!isWellFormedText(name)) this.fail('BAD_ARGUMENT', 'a map key has a lone surrogate');
    const w = new ByteWriter(name.length + 9);
    const utf8 = encodeUtf8(name);
    this.checkLength(utf8.length, 'map key');
    w.head(MAJOR_TEXT, utf8.length);
    w.bytes(utf8);
    const key = w.finish();
    this.keyCache.set(name, key);
    return key;
  }

  private enter(depth: number, count: number): void {
    if (depth > this.maxDepth) this.fail('TOO_DEEP', `nesting deeper than ${this.maxDepth} (or a cycle)`);
    if (count > this.limits.maxCount) this.fail('TOO_LARGE', `${count} elements, more than the ${this.limits.maxCount} allowed`);
  }

  private checkLength(n: number, what: string): void {
    if (n > this.limits.maxStringBytes) this.fail('TOO_LARGE', `${what} of ${n} bytes, more than the ${this.limits.maxStringBytes} allowed`);
  }

  private fail(code: 'BAD_ARGUMENT' | 'TOO_DEEP' | 'TOO_LARGE', message: string): never {
    const where = this.path.join('.');
    throw new ProtocolError(code, where === '' ? message : `${where}: ${message}`, { fields: where === '' ? [] : [where] });
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null) return `an object of class ${v.constructor?.name ?? 'unknown'}`;
  return `a value of type ${typeof v}`;
}
