/** A growable output buffer that writes CBOR heads in their shortest form, as deterministic encoding requires. */
import { AI_1BYTE, AI_2BYTES, AI_4BYTES, AI_8BYTES } from './major.ts';

const TWO_POW_32 = 2 ** 32;

export class ByteWriter {
  private buf: Uint8Array;
  private at = 0;

  constructor(initialSize = 256) {
    this.buf = new Uint8Array(initialSize);
  }

  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.at++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  /** A head: major type in the top 3 bits, then the argument in the fewest bytes that hold it. */
  head(major: number, arg: number): void {
    const top = major << 5;
    this.reserve(9);
    const b = this.buf;
    if (arg < 24) {
      b[this.at++] = top | arg;
    } else if (arg < 0x100) {
      b[this.at++] = top | AI_1BYTE;
      b[this.at++] = arg;
    } else if (arg < 0x10000) {
      b[this.at++] = top | AI_2BYTES;
      b[this.at++] = arg >>> 8;
      b[this.at++] = arg & 0xff;
    } else if (arg < TWO_POW_32) {
      b[this.at++] = top | AI_4BYTES;
      this.u32(arg);
    } else {
      b[this.at++] = top | AI_8BYTES;
      this.u32(Math.floor(arg / TWO_POW_32));
      this.u32(arg >>> 0);
    }
  }

  private u32(v: number): void {
    const b = this.buf;
    b[this.at++] = v >>> 24;
    b[this.at++] = (v >>> 16) & 0xff;
    b[this.at++] = (v >>> 8) & 0xff;
    b[this.at++] = v & 0xff;
  }

  get length(): number {
    return this.at;
  }

  /** The bytes written so far, as a copy that owns its own buffer. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}
