/**
 * The transfer container: what the fountain code carries and what a message file holds.
 *
 *   offset  size  field
 *   0       3     magic "ASM" (0x41 0x53 0x4d)
 *   3       1     format version, 2
 *   4       1     compression: 0 stored, 1 raw deflate (RFC 1951) with the preset dictionary
 *   5       4     message length, unsigned big-endian: the canonical message bytes the payload holds
 *   9       ...   payload
 *   end-4   4     CRC-32 (protocol/crc32.ts), big-endian, of every byte before it
 *
 * The CRC is what makes a message file (which has no frames and no frame CRC around it) refuse
 * any single flipped bit, any two, and any burst of up to 32: format 1, without it, let one flipped
 * bit in a request file make another valid request. The preset dictionary is format 1's.
 */
export const TRANSFER_MAGIC = Uint8Array.of(0x41, 0x53, 0x4d);
export const TRANSFER_VERSION = 2;
export const TRANSFER_HEADER_BYTES = 9;
export const TRANSFER_TRAILER_BYTES = 4;

export const COMPRESSION = { stored: 0, deflate: 1 } as const;
export type Compression = keyof typeof COMPRESSION;

/**
 * Deflate can expand at most 258 bytes per two bits of input (a length-258 match with one-bit
 * codes), 1032 to 1. A payload that claims more is corrupt, and is refused before the output
 * buffer is allocated.
 */
export const MAX_DEFLATE_RATIO = 1032;

export interface TransferHeader {
  readonly version: number;
  readonly compression: Compression;
  /** Length of the message the payload holds, once decompressed. */
  readonly messageLength: number;
}
