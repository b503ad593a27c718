/**
 * The Huffman half of zlib's deflate (trees.c), written to give the very bytes zlib 1.2.x gives:
 * the same tree building (heap order, depth tie-break, length overflow fix-up), the same choice
 * between stored, fixed and dynamic blocks, the same code-length run encoding. apksigner (Java's
 * Deflater over the system zlib) and fdroidserver's apksigcopier (Python's zlib) both write the v1
 * signature files this way, and apksigcopier recognises a level only by recompressing and
 * comparing; Node's bundled zlib (Chromium's fork) matches differently and gives other bytes.
 */

const L_CODES = 286;
const D_CODES = 30;
const BL_CODES = 19;
const HEAP_SIZE = 2 * L_CODES + 1;
const MAX_BITS = 15;
const MAX_BL_BITS = 7;
const LITERALS = 256;
const END_BLOCK = 256;
const REP_3_6 = 16;
const REPZ_3_10 = 17;
const REPZ_11_138 = 18;

const EXTRA_LBITS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const EXTRA_DBITS = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const EXTRA_BLBITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
const BL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A tree as zlib keeps it: freq and code share a slot, as do dad and len. */
interface Tree {
  readonly fc: Uint16Array | Uint32Array;
  readonly dl: Uint16Array;
}

interface StaticDesc {
  readonly tree: Tree | undefined;
  readonly extra: readonly number[];
  readonly base: number;
  readonly elems: number;
  readonly maxLength: number;
}

function bitReverse(code: number, len: number): number {
  let res = 0;
  do {
    res |= code & 1;
    code >>>= 1;
    res <<= 1;
  } while (--len > 0);
  return res >>> 1;
}

function genCodes(tree: Tree, maxCode: number, blCount: Uint16Array): void {
  const next = new Uint16Array(MAX_BITS + 1);
  let code = 0;
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    code = (code + blCount[bits - 1]!) << 1;
    next[bits] = code;
  }
  for (let n = 0; n <= maxCode; n++) {
    const len = tree.dl[n]!;
    if (len === 0) continue;
    tree.fc[n] = bitReverse(next[len]!++, len);
  }
}

// The fixed tables of deflate, built as zlib's tr_static_init builds them.
const LENGTH_CODE = new Uint8Array(256);
const BASE_LENGTH = new Int32Array(29);
const DIST_CODE = new Uint8Array(512);
const BASE_DIST = new Int32Array(D_CODES);
const STATIC_LTREE: Tree = { fc: new Uint16Array(L_CODES + 2), dl: new Uint16Array(L_CODES + 2) };
const STATIC_DTREE: Tree = { fc: new Uint16Array(D_CODES), dl: new Uint16Array(D_CODES) };
{
  let length = 0;
  let code: number;
  for (code = 0; code < 28; code++) {
    BASE_LENGTH[code] = length;
    for (let n = 0; n < 1 << EXTRA_LBITS[code]!; n++) LENGTH_CODE[length++] = code;
  }
  LENGTH_CODE[length - 1] = code;
  let dist = 0;
  for (code = 0; code < 16; code++) {
    BASE_DIST[code] = dist;
    for (let n = 0; n < 1 << EXTRA_DBITS[code]!; n++) DIST_CODE[dist++] = code;
  }
  dist >>= 7;
  for (; code < D_CODES; code++) {
    BASE_DIST[code] = dist << 7;
    for (let n = 0; n < 1 << (EXTRA_DBITS[code]! - 7); n++) DIST_CODE[256 + dist++] = code;
  }
  const blCount = new Uint16Array(MAX_BITS + 1);
  for (let n = 0; n <= 287; n++) {
    const len = n <= 143 ? 8 : n <= 255 ? 9 : n <= 279 ? 7 : 8;
    STATIC_LTREE.dl[n] = len;
    blCount[len]!++;
  }
  genCodes(STATIC_LTREE, L_CODES + 1, blCount);
  for (let n = 0; n < D_CODES; n++) {
    STATIC_DTREE.dl[n] = 5;
    STATIC_DTREE.fc[n] = bitReverse(n, 5);
  }
}

const L_DESC: StaticDesc = { tree: STATIC_LTREE, extra: EXTRA_LBITS, base: LITERALS + 1, elems: L_CODES, maxLength: MAX_BITS };
const D_DESC: StaticDesc = { tree: STATIC_DTREE, extra: EXTRA_DBITS, base: 0, elems: D_CODES, maxLength: MAX_BITS };
const BL_DESC: StaticDesc = { tree: undefined, extra: EXTRA_BLBITS, base: 0, elems: BL_CODES, maxLength: MAX_BL_BITS };

const distCode = (dist: number): number => (dist < 256 ? DIST_CODE[dist]! : DIST_CODE[256 + (dist >>> 7)]!);

/** Bits out, least significant first, as deflate packs them. */
export class BitWriter {
  private readonly chunks: Uint8Array[] = [];
  private buf = new Uint8Array(1 << 16);
  private at = 0;
  private bits = 0;
  private count = 0;

  send(value: number, length: number): void {
    this.bits |= value << this.count;
    this.count += length;
    while (this.count >= 8) {
      this.byte(this.bits & 0xff);
      this.bits >>>= 8;
      this.count -= 8;
    }
  }

  /** To the next byte boundary (bi_windup). */
  align(): void {
    if (this.count > 0) this.byte(this.bits & 0xff);
    this.bits = 0;
    this.count = 0;
  }

  byte(b: number): void {
    if (this.at === this.buf.length) {
      this.chunks.push(this.buf);
      this.buf = new Uint8Array(this.buf.length);
      this.at = 0;
    }
    this.buf[this.at++] = b;
  }

  bytes(): Uint8Array {
    const all = [...this.chunks, this.buf.subarray(0, this.at)];
    const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of all) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

interface TreeState {
  readonly tree: Tree;
  readonly desc: StaticDesc;
  maxCode: number;
}

/** One block's symbols and the trees built from them (zlib's tree half of deflate_state). */
export class DeflateTrees {
  /** Symbols of the block: distance low, distance high, literal or length - 3. */
  readonly symbols: Uint8Array;
  symbolCount = 0;
  readonly symbolEnd: number;
  private readonly ltree: TreeState = { tree: { fc: new Uint32Array(HEAP_SIZE), dl: new Uint16Array(HEAP_SIZE) }, desc: L_DESC, maxCode: 0 };
  private readonly dtree: TreeState = { tree: { fc: new Uint32Array(2 * D_CODES + 1), dl: new Uint16Array(2 * D_CODES + 1) }, desc: D_DESC, maxCode: 0 };
  private readonly bltree: TreeState = { tree: { fc: new Uint32Array(2 * BL_CODES + 1), dl: new Uint16Array(2 * BL_CODES + 1) }, desc: BL_DESC, maxCode: 0 };
  private readonly heap = new Int32Array(HEAP_SIZE);
  private heapLen = 0;
  private heapMax = 0;
  private readonly depth = new Uint8Array(HEAP_SIZE);
  private readonly blCount = new Uint16Array(MAX_BITS + 1);
  private optLen = 0;
  private staticLen = 0;

  constructor(litBufSize: number, readonly out: BitWriter) {
    this.symbols = new Uint8Array(litBufSize * 3);
    this.symbolEnd = (litBufSize - 1) * 3;
    this.initBlock();
  }

  private initBlock(): void {
    this.ltree.tree.fc.fill(0, 0, L_CODES);
    this.dtree.tree.fc.fill(0, 0, D_CODES);
    this.bltree.tree.fc.fill(0, 0, BL_CODES);
    this.ltree.tree.fc[END_BLOCK] = 1;
    this.optLen = this.staticLen = 0;
    this.symbolCount = 0;
  }

  /** A literal; true when the block is full. */
  literal(c: number): boolean {
    this.symbols[this.symbolCount++] = 0;
    this.symbols[this.symbolCount++] = 0;
    this.symbols[this.symbolCount++] = c;
    this.ltree.tree.fc[c]!++;
    return this.symbolCount === this.symbolEnd;
  }

  /** A match of `length - 3` at `distance`; true when the block is full. */
  match(distance: number, lengthMinus3: number): boolean {
    this.symbols[this.symbolCount++] = distance & 0xff;
    this.symbols[this.symbolCount++] = (distance >>> 8) & 0xff;
    this.symbols[this.symbolCount++] = lengthMinus3;
    this.ltree.tree.fc[LENGTH_CODE[lengthMinus3]! + LITERALS + 1]!++;
    this.dtree.tree.fc[distCode(distance - 1)]!++;
    return this.symbolCount === this.symbolEnd;
  }

  private smaller(tree: Tree, n: number, m: number): boolean {
    const fn = tree.fc[n]!;
    const fm = tree.fc[m]!;
    return fn < fm || (fn === fm && this.depth[n]! <= this.depth[m]!);
  }

  private downHeap(tree: Tree, k: number): void {
    const v = this.heap[k]!;
    let j = k << 1;
    while (j <= this.heapLen) {
      if (j < this.heapLen && this.smaller(tree, this.heap[j + 1]!, this.heap[j]!)) j++;
      if (this.smaller(tree, v, this.heap[j]!)) break;
      this.heap[k] = this.heap[j]!;
      k = j;
      j <<= 1;
    }
    this.heap[k] = v;
  }

  private genBitLen(state: TreeState): void {
    const { tree, desc } = state;
    const stree = desc.tree;
    this.blCount.fill(0);
    tree.dl[this.heap[this.heapMax]!] = 0;
    let overflow = 0;
    let h: number;
    for (h = this.heapMax + 1; h < HEAP_SIZE; h++) {
      const n = this.heap[h]!;
      let bits = tree.dl[tree.dl[n]!]! + 1;
      if (bits > desc.maxLength) {
        bits = desc.maxLength;
        overflow++;
      }
      tree.dl[n] = bits;
      if (n > state.maxCode) continue;
      this.blCount[bits]!++;
      const xbits = n >= desc.base ? desc.extra[n - desc.base]! : 0;
      const f = tree.fc[n]!;
      this.optLen += f * (bits + xbits);
      if (stree !== undefined) this.staticLen += f * (stree.dl[n]! + xbits);
    }
    if (overflow === 0) return;
    do {
      let bits = desc.maxLength - 1;
      while (this.blCount[bits] === 0) bits--;
      this.blCount[bits]!--;
      this.blCount[bits + 1]! += 2;
      this.blCount[desc.maxLength]!--;
      overflow -= 2;
    } while (overflow > 0);
    for (let bits = desc.maxLength; bits !== 0; bits--) {
      let n = this.blCount[bits]!;
      while (n !== 0) {
        const m = this.heap[--h]!;
        if (m > state.maxCode) continue;
        if (tree.dl[m] !== bits) {
          this.optLen += (bits - tree.dl[m]!) * tree.fc[m]!;
          tree.dl[m] = bits;
        }
        n--;
      }
    }
  }

  private buildTree(state: TreeState): void {
    const { tree, desc } = state;
    const elems = desc.elems;
    let maxCode = -1;
    this.heapLen = 0;
    this.heapMax = HEAP_SIZE;
    for (let n = 0; n < elems; n++) {
      if (tree.fc[n] !== 0) {
        this.heap[++this.heapLen] = maxCode = n;
        this.depth[n] = 0;
      } else {
        tree.dl[n] = 0;
      }
    }
    while (this.heapLen < 2) {
      const node = (this.heap[++this.heapLen] = maxCode < 2 ? ++maxCode : 0);
      tree.fc[node] = 1;
      this.depth[node] = 0;
      this.optLen--;
      if (desc.tree !== undefined) this.staticLen -= desc.tree.dl[node]!;
    }
    state.maxCode = maxCode;
    for (let n = this.heapLen >> 1; n >= 1; n--) this.downHeap(tree, n);
    let node = elems;
    do {
      const n = this.heap[1]!;
      this.heap[1] = this.heap[this.heapLen--]!;
      this.downHeap(tree, 1);
      const m = this.heap[1]!;
      this.heap[--this.heapMax] = n;
      this.heap[--this.heapMax] = m;
      tree.fc[node] = tree.fc[n]! + tree.fc[m]!;
      this.depth[node] = Math.max(this.depth[n]!, this.depth[m]!) + 1;
      tree.dl[n] = tree.dl[m] = node;
      this.heap[1] = node++;
      this.downHeap(tree, 1);
    } while (this.heapLen >= 2);
    this.heap[--this.heapMax] = this.heap[1]!;
    this.genBitLen(state);
    genCodes(tree, maxCode, this.blCount);
  }

  /** Counts the run-length codes of a tree's code lengths (scan_tree); `send` writes them instead (send_tree). */
  private walkLengths(tree: Tree, maxCode: number, send: boolean): void {
    const bl = this.bltree.tree;
    let prevLen = -1;
    let nextLen = tree.dl[0]!;
    let count = 0;
    let maxCount = 7;
    let minCount = 4;
    if (nextLen === 0) {
      maxCount = 138;
      minCount = 3;
    }
    if (!send) tree.dl[maxCode + 1] = 0xffff;
    const code = (c: number) => this.out.send(bl.fc[c]!, bl.dl[c]!);
    for (let n = 0; n <= maxCode; n++) {
      const curLen = nextLen;
      nextLen = tree.dl[n + 1]!;
      if (++count < maxCount && curLen === nextLen) continue;
      if (count < minCount) {
        if (send) {
          do code(curLen);
          while (--count !== 0);
        } else {
          bl.fc[curLen]! += count;
        }
      } else if (curLen !== 0) {
        if (send) {
          if (curLen !== prevLen) {
            code(curLen);
            count--;
          }
          code(REP_3_6);
          this.out.send(count - 3, 2);
        } else {
          if (curLen !== prevLen) bl.fc[curLen]!++;
          bl.fc[REP_3_6]!++;
        }
      } else if (count <= 10) {
        if (send) {
          code(REPZ_3_10);
          this.out.send(count - 3, 3);
        } else {
          bl.fc[REPZ_3_10]!++;
        }
      } else if (send) {
        code(REPZ_11_138);
        this.out.send(count - 11, 7);
      } else {
        bl.fc[REPZ_11_138]!++;
      }
      count = 0;
      prevLen = curLen;
      if (nextLen === 0) {
        maxCount = 138;
        minCount = 3;
      } else if (curLen === nextLen) {
        maxCount = 6;
        minCount = 3;
      } else {
        maxCount = 7;
        minCount = 4;
      }
    }
  }

  private buildBlTree(): number {
    this.walkLengths(this.ltree.tree, this.ltree.maxCode, false);
    this.walkLengths(this.dtree.tree, this.dtree.maxCode, false);
    this.buildTree(this.bltree);
    let maxBlIndex: number;
    for (maxBlIndex = BL_CODES - 1; maxBlIndex >= 3; maxBlIndex--) if (this.bltree.tree.dl[BL_ORDER[maxBlIndex]!] !== 0) break;
    this.optLen += 3 * (maxBlIndex + 1) + 5 + 5 + 4;
    return maxBlIndex;
  }

  private compressBlock(ltree: Tree, dtree: Tree): void {
    const out = this.out;
    for (let sx = 0; sx < this.symbolCount; ) {
      let dist = this.symbols[sx++]! | (this.symbols[sx++]! << 8);
      let lc = this.symbols[sx++]!;
      if (dist === 0) {
        out.send(ltree.fc[lc]!, ltree.dl[lc]!);
        continue;
      }
      let code = LENGTH_CODE[lc]!;
      out.send(ltree.fc[code + LITERALS + 1]!, ltree.dl[code + LITERALS + 1]!);
      let extra = EXTRA_LBITS[code]!;
      if (extra !== 0) {
        lc -= BASE_LENGTH[code]!;
        out.send(lc, extra);
      }
      dist--;
      code = distCode(dist);
      out.send(dtree.fc[code]!, dtree.dl[code]!);
      extra = EXTRA_DBITS[code]!;
      if (extra !== 0) out.send(dist - BASE_DIST[code]!, extra);
    }
    out.send(ltree.fc[END_BLOCK]!, ltree.dl[END_BLOCK]!);
  }

  /** Ends the block (_tr_flush_block): `stored` is the block's input when it can still be stored as it is. */
  flushBlock(stored: Uint8Array | undefined, storedLength: number, last: boolean): void {
    this.buildTree(this.ltree);
    this.buildTree(this.dtree);
    const maxBlIndex = this.buildBlTree();
    let optLenB = (this.optLen + 3 + 7) >>> 3;
    const staticLenB = (this.staticLen + 3 + 7) >>> 3;
    if (staticLenB <= optLenB) optLenB = staticLenB;
    const lastBit = last ? 1 : 0;
    if (storedLength + 4 <= optLenB && stored !== undefined) {
      this.out.send(lastBit, 3);
      this.out.align();
      this.out.byte(storedLength & 0xff);
      this.out.byte((storedLength >>> 8) & 0xff);
      this.out.byte(~storedLength & 0xff);
      this.out.byte((~storedLength >>> 8) & 0xff);
      for (let i = 0; i < storedLength; i++) this.out.byte(stored[i]!);
    } else if (staticLenB === optLenB) {
      this.out.send(2 + lastBit, 3);
      this.compressBlock(STATIC_LTREE, STATIC_DTREE);
    } else {
      this.out.send(4 + lastBit, 3);
      const lcodes = this.ltree.maxCode + 1;
      const dcodes = this.dtree.maxCode + 1;
      const blcodes = maxBlIndex + 1;
      this.out.send(lcodes - 257, 5);
      this.out.send(dcodes - 1, 5);
      this.out.send(blcodes - 4, 4);
      for (let rank = 0; rank < blcodes; rank++) this.out.send(this.bltree.tree.dl[BL_ORDER[rank]!]!, 3);
      this.walkLengths(this.ltree.tree, lcodes - 1, true);
      this.walkLengths(this.dtree.tree, dcodes - 1, true);
      this.compressBlock(this.ltree.tree, this.dtree.tree);
    }
    this.initBlock();
    if (last) this.out.align();
  }
}
