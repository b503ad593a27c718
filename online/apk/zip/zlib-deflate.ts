/**
 * Raw deflate at levels 9 and 6 giving the bytes zlib 1.2.x gives (window 15 bits, memLevel 8, default
 * strategy): the lazy matcher of deflate.c (deflate_slow, longest_match, fill_window with its
 * window slide and the zeroing past the input's end), over the trees of deflate-trees.ts. It is
 * what Java's Deflater(9, true) (apksigner) and Python's zlib.compressobj(9, 8, -15)
 * (fdroidserver's apksigcopier) produce; test/online/apk/zlib-deflate.test.ts checks it against
 * Python's zlib.
 */
import { BitWriter, DeflateTrees } from './deflate-trees.ts';

const W_BITS = 15;
const W_SIZE = 1 << W_BITS;
const W_MASK = W_SIZE - 1;
const WINDOW_SIZE = 2 * W_SIZE;
const HASH_BITS = 8 + 7;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;
const HASH_SHIFT = Math.floor((HASH_BITS + 3 - 1) / 3);
const LIT_BUFSIZE = 1 << (8 + 6);
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const MIN_LOOKAHEAD = MAX_MATCH + MIN_MATCH + 1;
const MAX_DIST = W_SIZE - MIN_LOOKAHEAD;
const TOO_FAR = 4096;
const WIN_INIT = MAX_MATCH;

/** A row of zlib's configuration table (levels 4 to 9 use the lazy matcher). */
interface LazyConfig {
  readonly good: number;
  readonly lazy: number;
  readonly nice: number;
  readonly chain: number;
}

/** Level 6 is zlib's default (Python's zipfile writes with it); level 9 is apksigner's. */
const CONFIGS = { 6: { good: 8, lazy: 16, nice: 128, chain: 128 }, 9: { good: 32, lazy: 258, nice: 258, chain: 4096 } } as const satisfies Record<number, LazyConfig>;

class Deflater {
  private readonly window = new Uint8Array(WINDOW_SIZE);
  private readonly head = new Uint16Array(HASH_SIZE);
  private readonly prev = new Uint16Array(W_SIZE);
  private insH = 0;
  private strstart = 0;
  private blockStart = 0;
  private lookahead = 0;
  private insert = 0;
  private matchLength = MIN_MATCH - 1;
  private prevLength = MIN_MATCH - 1;
  private matchStart = 0;
  private prevMatch = 0;
  private matchAvailable = false;
  private highWater = 0;
  private inAt = 0;
  private readonly out = new BitWriter();
  private readonly trees = new DeflateTrees(LIT_BUFSIZE, this.out);

  constructor(private readonly input: Uint8Array, private readonly config: LazyConfig) {}

  private insertString(str: number): number {
    this.insH = ((this.insH << HASH_SHIFT) ^ this.window[str + MIN_MATCH - 1]!) & HASH_MASK;
    const head = this.head[this.insH]!;
    this.prev[str & W_MASK] = head;
    this.head[this.insH] = str;
    return head;
  }

  private slideHash(): void {
    for (const table of [this.head, this.prev]) {
      for (let i = 0; i < table.length; i++) {
        const m = table[i]!;
        table[i] = m >= W_SIZE ? m - W_SIZE : 0;
      }
    }
  }

  private fillWindow(): void {
    do {
      let more = WINDOW_SIZE - this.lookahead - this.strstart;
      if (this.strstart >= W_SIZE + MAX_DIST) {
        this.window.copyWithin(0, W_SIZE, W_SIZE + W_SIZE - more);
        this.matchStart -= W_SIZE;
        this.strstart -= W_SIZE;
        this.blockStart -= W_SIZE;
        if (this.insert > this.strstart) this.insert = this.strstart;
        this.slideHash();
        more += W_SIZE;
      }
      if (this.inAt === this.input.length) break;
      const n = Math.min(more, this.input.length - this.inAt);
      this.window.set(this.input.subarray(this.inAt, this.inAt + n), this.strstart + this.lookahead);
      this.inAt += n;
      this.lookahead += n;
      if (this.lookahead + this.insert >= MIN_MATCH) {
        let str = this.strstart - this.insert;
        this.insH = this.window[str]!;
        this.insH = ((this.insH << HASH_SHIFT) ^ this.window[str + 1]!) & HASH_MASK;
        while (this.insert > 0) {
          this.insH = ((this.insH << HASH_SHIFT) ^ this.window[str + MIN_MATCH - 1]!) & HASH_MASK;
          this.prev[str & W_MASK] = this.head[this.insH]!;
          this.head[this.insH] = str;
          str++;
          this.insert--;
          if (this.lookahead + this.insert < MIN_MATCH) break;
        }
      }
    } while (this.lookahead < MIN_LOOKAHEAD && this.inAt < this.input.length);
    // zlib zeroes what lies past the input's end, which longest_match may read.
    if (this.highWater < WINDOW_SIZE) {
      const curr = this.strstart + this.lookahead;
      if (this.highWater < curr) {
        const init = Math.min(WINDOW_SIZE - curr, WIN_INIT);
        this.window.fill(0, curr, curr + init);
        this.highWater = curr + init;
      } else if (this.highWater < curr + WIN_INIT) {
        const init = Math.min(curr + WIN_INIT - this.highWater, WINDOW_SIZE - this.highWater);
        this.window.fill(0, this.highWater, this.highWater + init);
        this.highWater += init;
      }
    }
  }

  private longestMatch(curMatch: number): number {
    const w = this.window;
    let chainLength = this.config.chain;
    const scan = this.strstart;
    let bestLen = this.prevLength;
    let niceMatch = this.config.nice;
    const limit = this.strstart > MAX_DIST ? this.strstart - MAX_DIST : 0;
    let scanEnd1 = w[scan + bestLen - 1]!;
    let scanEnd = w[scan + bestLen]!;
    if (this.prevLength >= this.config.good) chainLength >>>= 2;
    if (niceMatch > this.lookahead) niceMatch = this.lookahead;
    do {
      const match = curMatch;
      if (w[match + bestLen] !== scanEnd || w[match + bestLen - 1] !== scanEnd1 || w[match] !== w[scan] || w[match + 1] !== w[scan + 1]) continue;
      // zlib skips byte 2: equal hashes and equal bytes 0 and 1 make it equal.
      let len = 3;
      while (len < MAX_MATCH && w[scan + len] === w[match + len]) len++;
      if (len > bestLen) {
        this.matchStart = curMatch;
        bestLen = len;
        if (len >= niceMatch) break;
        scanEnd1 = w[scan + bestLen - 1]!;
        scanEnd = w[scan + bestLen]!;
      }
    } while ((curMatch = this.prev[curMatch & W_MASK]!) > limit && --chainLength !== 0);
    return bestLen <= this.lookahead ? bestLen : this.lookahead;
  }

  private flushBlock(last: boolean): void {
    const length = this.strstart - this.blockStart;
    this.trees.flushBlock(this.blockStart >= 0 ? this.window.subarray(this.blockStart, this.strstart) : undefined, length, last);
    this.blockStart = this.strstart;
  }

  run(): Uint8Array {
    for (;;) {
      if (this.lookahead < MIN_LOOKAHEAD) {
        this.fillWindow();
        if (this.lookahead === 0) break;
      }
      let hashHead = 0;
      if (this.lookahead >= MIN_MATCH) hashHead = this.insertString(this.strstart);
      this.prevLength = this.matchLength;
      this.prevMatch = this.matchStart;
      this.matchLength = MIN_MATCH - 1;
      if (hashHead !== 0 && this.prevLength < this.config.lazy && this.strstart - hashHead <= MAX_DIST) {
        this.matchLength = this.longestMatch(hashHead);
        if (this.matchLength === MIN_MATCH && this.strstart - this.matchStart > TOO_FAR) this.matchLength = MIN_MATCH - 1;
      }
      if (this.prevLength >= MIN_MATCH && this.matchLength <= this.prevLength) {
        const maxInsert = this.strstart + this.lookahead - MIN_MATCH;
        const full = this.trees.match(this.strstart - 1 - this.prevMatch, this.prevLength - MIN_MATCH);
        this.lookahead -= this.prevLength - 1;
        this.prevLength -= 2;
        do {
          if (++this.strstart <= maxInsert) this.insertString(this.strstart);
        } while (--this.prevLength !== 0);
        this.matchAvailable = false;
        this.matchLength = MIN_MATCH - 1;
        this.strstart++;
        if (full) this.flushBlock(false);
      } else if (this.matchAvailable) {
        if (this.trees.literal(this.window[this.strstart - 1]!)) this.flushBlock(false);
        this.strstart++;
        this.lookahead--;
      } else {
        this.matchAvailable = true;
        this.strstart++;
        this.lookahead--;
      }
    }
    if (this.matchAvailable) {
      this.trees.literal(this.window[this.strstart - 1]!);
      this.matchAvailable = false;
    }
    this.flushBlock(true);
    return this.out.bytes();
  }
}

/** Raw deflate (no zlib header), level 9, byte for byte as zlib writes it. */
export function zlibDeflateRaw9(input: Uint8Array): Uint8Array {
  return new Deflater(input, CONFIGS[9]).run();
}

/** Raw deflate at zlib's default level (6), byte for byte as zlib writes it. */
export function zlibDeflateRaw6(input: Uint8Array): Uint8Array {
  return new Deflater(input, CONFIGS[6]).run();
}
