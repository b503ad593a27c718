/** The SSH wire encoding (RFC 4251 §5): uint32 big-endian lengths before strings and mpints, read with bounds. */
import { concatBytes, fromUtf8, readU32BE, utf8, writeU32BE } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';

export class SshReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array, private readonly what: string) {}

  private need(n: number): void {
    if (n > this.bytes.length - this.at) throw new ProtocolError('TRUNCATED', `${this.what} ends early`);
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.at++]!;
  }

  u32(): number {
    this.need(4);
    const v = readU32BE(this.bytes, this.at);
    this.at += 4;
    return v;
  }

  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  string(): Uint8Array {
    return this.raw(this.u32());
  }

  text(max = 256): string {
    const b = this.string();
    if (b.length > max) throw new ProtocolError('TOO_LARGE', `${this.what}: a name of ${b.length} bytes`);
    return fromUtf8(b, this.what);
  }

  /** A positive mpint's magnitude, without its sign byte. */
  mpint(): Uint8Array {
    const b = this.string();
    if (b.length > 0 && (b[0]! & 0x80) !== 0) throw new ProtocolError('BAD_TYPE', `${this.what}: a negative integer`);
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    return b.subarray(i);
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }

  end(): void {
    if (!this.done) throw new ProtocolError('TRAILING_BYTES', `${this.what} has ${this.bytes.length - this.at} bytes after its end`);
  }
}

export function sshString(value: Uint8Array | string): Uint8Array {
  const b = typeof value === 'string' ? utf8(value) : value;
  const len = new Uint8Array(4);
  writeU32BE(len, 0, b.length);
  return concatBytes(len, b);
}
