/**
 * A RaptorQ packet as raptorq serializes it: the 4-byte payload id of RFC 6330 section 3.2
 * (source block number u8, encoding symbol id u24, big-endian) followed by one symbol.
 */
import type { FountainParams } from './params.ts';
import { isStreamEsi } from './params.ts';

export const PAYLOAD_ID_BYTES = 4;

export interface PayloadId {
  readonly sourceBlock: number;
  readonly esi: number;
}

export function readPayloadId(bytes: Uint8Array, at = 0): PayloadId {
  return { sourceBlock: bytes[at]!, esi: (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]! };
}

/**
 * Why raptorq must not see this packet, or undefined if it may. Every field is checked: a wrong
 * block number indexes past raptorq's block table, a short symbol breaks its symbol arithmetic,
 * and ids K..K'-1 are padding that is never sent; each of those panics inside the wasm.
 */
export function packetProblem(params: FountainParams, packet: Uint8Array): string | undefined {
  if (packet.length !== PAYLOAD_ID_BYTES + params.symbolSize) {
    return `packet of ${packet.length} bytes, expected ${PAYLOAD_ID_BYTES + params.symbolSize}`;
  }
  const { sourceBlock, esi } = readPayloadId(packet);
  if (sourceBlock !== 0) return `source block ${sourceBlock}, expected 0 (one block per transfer)`;
  if (!isStreamEsi(params, esi)) {
    return `symbol id ${esi} is outside the stream (source 0..${params.sourceSymbols - 1}, repair ${params.paddedSymbols}..${params.paddedSymbols + params.repairSymbols - 1})`;
  }
  return undefined;
}
