/**
 * Builds a deflate stream (RFC 1951) of one dynamic-Huffman block that inflates to a run of
 * zeros at the best ratio deflate allows: a literal 0, then `matches` copies of "length 258,
 * distance 1", each coded in two bits. 4.16 million matches make 1 GiB of zeros from about
 * 1 MB, built in milliseconds instead of deflating a gigabyte.
 */
class BitWriter {
  private bit = 0;
  constructor(readonly out: Uint8Array) {}

  /** A number, least significant bit first (header fields and extra bits). */
  bits(value: number, n: number): void {
    for (let i = 0; i < n; i++) this.put((value >> i) & 1);
  }

  /** A Huffman code, most significant bit first. */
  code(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.put((code >> i) & 1);
  }

  /** Zero bits need no writing: the buffer starts zeroed. */
  zeros(n: number): void {
    this.bit += n;
  }

  get bytes(): number {
    return Math.ceil(this.bit / 8);
  }

  private put(b: number): void {
    if (b) this.out[this.bit >> 3]! |= 1 << (this.bit & 7);
    this.bit++;
  }
}

/** Inflates to 1 + 258 * matches zero bytes. */
export function zeroBomb(matches: number): Uint8Array {
  const w = new BitWriter(new Uint8Array(Math.ceil((200 + 2 * matches) / 8)));
  w.bits(1, 1); // BFINAL
  w.bits(2, 2); // BTYPE: dynamic Huffman
  w.bits(286 - 257, 5); // HLIT: literal/length codes 0..285
  w.bits(1 - 1, 5); // HDIST: one distance code
  w.bits(18 - 4, 4); // HCLEN: code-length codes in the first 18 positions of the order below
  // Code lengths of the code-length alphabet, in RFC 1951's order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1:
  // symbol 18 (a run of zeros) gets 1 bit, symbols 1 and 2 get 2 bits: codes 18="0", 1="10", 2="11".
  for (const len of [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) w.bits(len, 3);
  const length2 = () => w.code(0b11, 2);
  const length1 = () => w.code(0b10, 2);
  const zeroRun = (n: number) => {
    w.code(0b0, 1);
    w.bits(n - 11, 7);
  };
  // Literal/length lengths: 0 -> 2 bits, 256 (end of block) -> 2 bits, 285 (length 258) -> 1 bit.
  length2();
  zeroRun(138);
  zeroRun(117);
  length2();
  zeroRun(28);
  length1();
  // Distance lengths: code 0 (distance 1) -> 1 bit.
  length1();
  // Canonical codes: 285="0", 0="10", 256="11"; distance 0="0".
  w.code(0b10, 2); // literal 0
  w.zeros(2 * matches); // each match: length code 285 "0", distance code 0 "0"
  w.code(0b11, 2); // end of block
  return w.out.subarray(0, w.bytes);
}

/** Matches for about 1 GiB of output. */
export const GIB_MATCHES = Math.floor(2 ** 30 / 258);
