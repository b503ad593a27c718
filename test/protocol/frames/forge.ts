/** Builds hostile frames for the tests: any field set to anything, with a checksum that matches or not. */
import { writeU32BE } from '../../../protocol/bytes.ts';
import { OFFSET, crc32 } from '../../../protocol/frames/index.ts';

/** Recomputes the trailing CRC so a tampered frame passes the checksum and meets the deeper checks. */
export function reseal(frame: Uint8Array): Uint8Array {
  const out = frame.slice();
  if (out.length >= 4) writeU32BE(out, out.length - 4, crc32(out, 0, out.length - 4));
  return out;
}

export interface Tamper {
  version?: number;
  flags?: number;
  sessionId?: number;
  transferLength?: number;
  symbolSize?: number;
  sourceBlock?: number;
  esi?: number;
  symbolByte?: { at: number; xor: number };
}

/** A copy of the frame with the given fields changed, resealed. */
export function tamper(frame: Uint8Array, t: Tamper): Uint8Array {
  const out = frame.slice();
  if (t.version !== undefined) out[OFFSET.version] = t.version;
  if (t.flags !== undefined) out[OFFSET.flags] = t.flags;
  if (t.sessionId !== undefined) writeU32BE(out, OFFSET.sessionId, t.sessionId);
  if (t.transferLength !== undefined) writeU32BE(out, OFFSET.transferLength, t.transferLength);
  if (t.symbolSize !== undefined) {
    out[OFFSET.symbolSize] = t.symbolSize >>> 8;
    out[OFFSET.symbolSize + 1] = t.symbolSize & 0xff;
  }
  if (t.sourceBlock !== undefined) out[OFFSET.payloadId] = t.sourceBlock;
  if (t.esi !== undefined) {
    out[OFFSET.payloadId + 1] = t.esi >>> 16;
    out[OFFSET.payloadId + 2] = (t.esi >>> 8) & 0xff;
    out[OFFSET.payloadId + 3] = t.esi & 0xff;
  }
  if (t.symbolByte !== undefined) out[OFFSET.symbol + t.symbolByte.at]! ^= t.symbolByte.xor;
  return reseal(out);
}

/** A well-formed frame of any symbol size (the symbol itself is zeros), for size-field cases. */
export function frameWithSymbolSize(template: Uint8Array, symbolSize: number, transferLength: number): Uint8Array {
  const out = new Uint8Array(30 + symbolSize);
  out.set(template.subarray(0, OFFSET.payloadId));
  return tamper(out, { symbolSize, transferLength, sourceBlock: 0, esi: 0 });
}
