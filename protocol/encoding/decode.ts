/**
 * The canonical decoder. It accepts only what `encodeCanonical` would produce, so decoding then
 * re-encoding gives the input back byte for byte, and refuses everything else with a typed
 * ProtocolError. Every declared length and count is checked against the limits and against the
 * bytes that remain before anything is allocated; recursion stops at `maxDepth`. Time is linear
 * in the input.
 */
import { fromUtf8 } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import type { CborValue } from './encode.ts';
import { readHead } from './head.ts';
import { DEFAULT_ENCODING_LIMITS, HARD_MAX_DEPTH } from './limits.ts';
import type { EncodingLimits } from './limits.ts';
import { MAJOR_ARRAY, MAJOR_BYTES, MAJOR_MAP, MAJOR_TEXT, MAJOR_UINT } from './major.ts';
import { compareBytes } from './order.ts';

export function decodeCanonical(bytes: Uint8Array, limits: EncodingLimits = DEFAULT_ENCODING_LIMITS): CborValue {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('BAD_ARGUMENT', '"bytes" expected Uint8Array');
  if (bytes.length > limits.maxBytes) {
    throw new ProtocolError('TOO_LARGE', `input is ${bytes.length} bytes, more than the ${limits.maxBytes} allowed`);
  }
  if (bytes.length === 0) throw new ProtocolError('TRUNCATED', 'input is empty');
  const decoder = new Decoder(bytes, limits);
  const value = decoder.item(0);
  if (decoder.at !== bytes.length) {
    throw new ProtocolError('TRAILING_BYTES', `${bytes.length - decoder.at} bytes follow the value at offset ${decoder.at}`);
  }
  return value;
}

class Decoder {
  at = 0;
  private readonly maxDepth: number;

  constructor(
    private readonly input: Uint8Array,
    private readonly limits: EncodingLimits,
  ) {
    this.maxDepth = Math.min(limits.maxDepth, HARD_MAX_DEPTH);
  }

  item(depth: number): CborValue {
    const start = this.at;
    const head = readHead(this.input, start);
    this.at = head.end;
    switch (head.major) {
      case MAJOR_UINT:
        return head.arg;
      case MAJOR_BYTES:
        return this.input.slice(this.at, this.string(head.arg, start));
      case MAJOR_TEXT:
        return this.text(this.at, this.string(head.arg, start), start);
      case MAJOR_ARRAY:
        return this.array(head.arg, depth + 1, start);
      case MAJOR_MAP:
        return this.map(head.arg, depth + 1, start);
      default:
        // readHead gives the three allowed simple values as their own value.
        return head.simple;
    }
  }

  /** Checks a string's declared length, advances past it, and returns where it ends. */
  private string(length: number, start: number): number {
    if (length > this.limits.maxStringBytes) {
      throw new ProtocolError('TOO_LARGE', `string at offset ${start} declares ${length} bytes, more than the ${this.limits.maxStringBytes} allowed`);
    }
    if (length > this.input.length - this.at) {
      throw new ProtocolError('TRUNCATED', `string at offset ${start} declares ${length} bytes, only ${this.input.length - this.at} remain`);
    }
    this.at += length;
    return this.at;
  }

  /** Text from input[from, to): short ASCII (map keys, names, codes) directly, the rest through the strict UTF-8 decoder. */
  private text(from: number, to: number, start: number): string {
    const input = this.input;
    if (to - from <= 64) {
      let s = '';
      for (let i = from; i < to; i++) {
        const c = input[i]!;
        if (c >= 0x80) return fromUtf8(input.subarray(from, to), `text at offset ${start}`);
        s += String.fromCharCode(c);
      }
      return s;
    }
    return fromUtf8(input.subarray(from, to), `text at offset ${start}`);
  }

  /** Depth and count are checked before the container is built; each element takes at least one byte. */
  private enter(count: number, bytesPerElement: number, depth: number, start: number): void {
    if (depth > this.maxDepth) throw new ProtocolError('TOO_DEEP', `container at offset ${start} is nested deeper than ${this.maxDepth}`);
    if (count > this.limits.maxCount) {
      throw new ProtocolError('TOO_LARGE', `container at offset ${start} declares ${count} elements, more than the ${this.limits.maxCount} allowed`);
    }
    if (count * bytesPerElement > this.input.length - this.at) {
      throw new ProtocolError('TRUNCATED', `container at offset ${start} declares ${count} elements, only ${this.input.length - this.at} bytes remain`);
    }
  }

  private array(count: number, depth: number, start: number): CborValue[] {
    this.enter(count, 1, depth, start);
    const out: CborValue[] = [];
    for (let i = 0; i < count; i++) out.push(this.item(depth));
    return out;
  }

  private map(count: number, depth: number, start: number): Record<string, CborValue> {
    this.enter(count, 2, depth, start);
    const out: Record<string, CborValue> = {};
    let previousKey: Uint8Array | undefined;
    for (let i = 0; i < count; i++) {
      const keyStart = this.at;
      const head = readHead(this.input, keyStart);
      if (head.major !== MAJOR_TEXT) throw new ProtocolError('BAD_TYPE', `map key at offset ${keyStart} is not a text string`);
      this.at = head.end;
      const keyEnd = this.string(head.arg, keyStart);
      const encodedKey = this.input.subarray(keyStart, keyEnd);
      if (previousKey !== undefined) {
        const order = compareBytes(previousKey, encodedKey);
        if (order === 0) throw new ProtocolError('DUPLICATE_KEY', `map at offset ${start} repeats a key at offset ${keyStart}`);
        if (order > 0) throw new ProtocolError('NON_CANONICAL', `map at offset ${start} has keys out of canonical order at offset ${keyStart}`);
      }
      previousKey = encodedKey;
      const name = this.text(head.end, keyEnd, keyStart);
      // defineProperty, not assignment: a key such as "__proto__" must become a plain own property.
      Object.defineProperty(out, name, { value: this.item(depth), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}
