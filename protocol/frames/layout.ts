/**
 * The frame layout, byte by byte (docs/wire-format.md, "Frames"). All integers big-endian.
 *
 *   off len
 *     0   2  magic "AS" (0x41 0x53)
 *     2   1  protocol version (1)
 *     3   1  flags (0; anything else is refused)
 *     4   4  session id, u32, random per transfer
 *     8   8  transfer digest prefix: first 8 bytes of SHA-256 of the whole transfer
 *    16   4  transfer length F, u32
 *    20   2  symbol size T, u16
 *    22   4  RaptorQ payload id: source block number u8 (always 0), encoding symbol id u24
 *    26   T  symbol
 *  26+T   4  CRC-32 (IEEE) of bytes 0 .. 26+T-1
 */
import { FRAME_LAYOUT_VERSION } from '../version.ts';

export const MAGIC = Uint8Array.of(0x41, 0x53);
export const FRAME_VERSION = FRAME_LAYOUT_VERSION;

export const OFFSET = {
  magic: 0,
  version: 2,
  flags: 3,
  sessionId: 4,
  digestPrefix: 8,
  transferLength: 16,
  symbolSize: 20,
  payloadId: 22,
  symbol: 26,
} as const;

export const DIGEST_PREFIX_BYTES = 8;
export const HEADER_BYTES = 26;
export const CRC_BYTES = 4;
/** Header and checksum: a frame is FRAME_OVERHEAD + T bytes. */
export const FRAME_OVERHEAD = HEADER_BYTES + CRC_BYTES;
/** The largest frame any header can describe (T = 65528); readers refuse longer input unread. */
export const MAX_FRAME_BYTES = FRAME_OVERHEAD + 65528;

export function frameBytesFor(symbolSize: number): number {
  return FRAME_OVERHEAD + symbolSize;
}
