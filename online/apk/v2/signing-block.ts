/**
 * The APK Signing Block: uint64 size, then (uint64 length, uint32 id, value) pairs, then uint64 size
 * again and the magic. apksigner pads it with a pair of id 0x42726577 so the whole block is a
 * multiple of 4096 bytes (with the entries before it padded to 4096 too, the central directory then
 * starts page-aligned). We write it the same way.
 */
import { APK_BLOCK_IDS } from '../../../protocol/signing/index.ts';
import { ApkError } from '../errors.ts';
import { SIGNING_BLOCK_MAGIC } from '../zip/signing-block-locate.ts';

export const PAGE = 4096;

export interface BlockPair {
  readonly id: number;
  readonly value: Uint8Array;
}

export function buildSigningBlock(pairs: readonly BlockPair[]): Buffer {
  let size = 8 + 8 + 16;
  for (const p of pairs) size += 12 + p.value.length;
  let padding = 0;
  if (size % PAGE !== 0) {
    padding = PAGE - (size % PAGE);
    if (padding < 12) padding += PAGE;
    size += padding;
  }
  const out = Buffer.alloc(size);
  out.writeBigUInt64LE(BigInt(size - 8), 0);
  let at = 8;
  for (const p of pairs) {
    out.writeBigUInt64LE(BigInt(4 + p.value.length), at);
    out.writeUInt32LE(p.id, at + 8);
    out.set(p.value, at + 12);
    at += 12 + p.value.length;
  }
  if (padding > 0) {
    out.writeBigUInt64LE(BigInt(padding - 8), at);
    out.writeUInt32LE(APK_BLOCK_IDS.PADDING, at + 8);
    at += padding;
  }
  out.writeBigUInt64LE(BigInt(size - 8), at);
  SIGNING_BLOCK_MAGIC.copy(out, at + 8);
  return out;
}

/** The pairs of a signing block (the whole block, both size fields and magic included). */
export function parseSigningBlock(block: Buffer): BlockPair[] {
  const pairs: BlockPair[] = [];
  const end = block.length - 24;
  for (let at = 8; at < end; ) {
    if (at + 12 > end) throw new ApkError('BAD_SIGNING_BLOCK', 'truncated pair in the APK Signing Block');
    const length = Number(block.readBigUInt64LE(at));
    if (length < 4 || at + 8 + length > end) throw new ApkError('BAD_SIGNING_BLOCK', `pair of ${length} bytes runs past the APK Signing Block`);
    pairs.push({ id: block.readUInt32LE(at + 8), value: block.subarray(at + 12, at + 8 + length) });
    at += 8 + length;
  }
  return pairs;
}
