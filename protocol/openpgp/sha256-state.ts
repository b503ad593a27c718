/**
 * SHA-256 (FIPS 180-4, section 6.2) that can stop after whole 64-byte blocks and resume there
 * elsewhere: the online side hashes a large file up to its last whole block and sends that midstate
 * (eight words and the byte count), the signer finishes the hash over the tail and the OpenPGP
 * trailer it builds itself. Nothing but the state crosses; the signer never sees the file.
 */
import { ProtocolError } from '../errors.ts';

/** The hash after a whole number of 64-byte blocks: H0..H7 and how many bytes went in. */
export interface Sha256Midstate {
  readonly words: readonly number[];
  /** A multiple of 64. */
  readonly bytes: number;
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** H(0), FIPS 180-4 section 5.3.3. */
export const SHA256_INITIAL: readonly number[] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** The most a hash state may have taken in: 2^53 bytes keeps the count exact in a number. */
const MAX_BYTES = Number.MAX_SAFE_INTEGER;

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

export class Sha256State {
  private readonly h: Uint32Array;
  private readonly w = new Uint32Array(64);
  private readonly pending = new Uint8Array(64);
  private pendingLength = 0;
  private count: number;

  private constructor(words: readonly number[], bytes: number) {
    this.h = Uint32Array.from(words);
    this.count = bytes;
  }

  static fresh(): Sha256State {
    return new Sha256State(SHA256_INITIAL, 0);
  }

  /** Resumes from a midstate; refuses one that is not eight 32-bit words after whole blocks. */
  static resume(state: Sha256Midstate): Sha256State {
    const { words, bytes } = state;
    if (!Array.isArray(words) || words.length !== 8 || !words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new ProtocolError('BAD_ARGUMENT', 'a SHA-256 midstate is eight 32-bit words', { fields: ['words'] });
    }
    if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes % 64 !== 0) {
      throw new ProtocolError('BAD_ARGUMENT', `a SHA-256 midstate covers a whole number of 64-byte blocks, got ${String(bytes)} bytes`, { fields: ['bytes'] });
    }
    return new Sha256State(words, bytes);
  }

  /** Bytes taken in so far. */
  get length(): number {
    return this.count + this.pendingLength;
  }

  update(data: Uint8Array): this {
    if (this.length + data.length > MAX_BYTES) throw new ProtocolError('TOO_LARGE', 'more than 2^53 bytes for one SHA-256');
    let at = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(64 - this.pendingLength, data.length);
      this.pending.set(data.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      at = take;
      if (this.pendingLength < 64) return this;
      this.block(this.pending, 0);
      this.pendingLength = 0;
    }
    for (; at + 64 <= data.length; at += 64) this.block(data, at);
    this.pending.set(data.subarray(at), 0);
    this.pendingLength = data.length - at;
    return this;
  }

  /** The state after the whole blocks taken in; the bytes of a partial block are returned beside it. */
  midstate(): { state: Sha256Midstate; tail: Uint8Array } {
    return { state: { words: Array.from(this.h), bytes: this.count }, tail: this.pending.slice(0, this.pendingLength) };
  }

  /** Pads (section 5.1.1) and returns the digest; the state is not to be used afterwards. */
  digest(): Uint8Array {
    const bits = this.length * 8;
    const pad = new Uint8Array(((this.pendingLength + 8) >> 6) * 64 + 64 - this.pendingLength);
    pad[0] = 0x80;
    const hi = Math.floor(bits / 0x100000000);
    const lo = bits >>> 0;
    const n = pad.length;
    pad[n - 8] = hi >>> 24; pad[n - 7] = hi >>> 16; pad[n - 6] = hi >>> 8; pad[n - 5] = hi;
    pad[n - 4] = lo >>> 24; pad[n - 3] = lo >>> 16; pad[n - 2] = lo >>> 8; pad[n - 1] = lo;
    const saved = this.count;
    this.update(pad);
    this.count = saved; // the count no longer matters; keep `length` honest for a caller that asks
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
      const v = this.h[i]!;
      out[i * 4] = v >>> 24; out[i * 4 + 1] = v >>> 16; out[i * 4 + 2] = v >>> 8; out[i * 4 + 3] = v;
    }
    return out;
  }

  /** One block, section 6.2.2. */
  private block(data: Uint8Array, at: number): void {
    const w = this.w;
    for (let t = 0; t < 16; t++) {
      const i = at + t * 4;
      w[t] = (data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!;
    }
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    const h = this.h;
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
    for (let t = 0; t < 64; t++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[t]! + w[t]!) | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0; h[1] = (h[1]! + b) | 0; h[2] = (h[2]! + c) | 0; h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0; h[5] = (h[5]! + f) | 0; h[6] = (h[6]! + g) | 0; h[7] = (h[7]! + hh) | 0;
    this.count += 64;
  }
}
