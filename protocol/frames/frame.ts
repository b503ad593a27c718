/** Writing and reading one frame. Reading never throws: it returns the frame or a typed reason. */
import { readU32BE, writeU32BE } from '../bytes.ts';
import type { ProtocolErrorCode } from '../errors.ts';
import type { FountainParams } from '../fountain/index.ts';
import { PAYLOAD_ID_BYTES, fountainParams, packetProblem, paramsProblem, readPayloadId } from '../fountain/index.ts';
import { LIMITS } from '../limits.ts';
import { crc32 } from '../crc32.ts';
import { CRC_BYTES, DIGEST_PREFIX_BYTES, FRAME_OVERHEAD, FRAME_VERSION, HEADER_BYTES, MAGIC, OFFSET } from './layout.ts';

/** What identifies one transfer's stream: frames agreeing on all four belong together. */
export interface SessionKey {
  readonly sessionId: number;
  readonly digestPrefix: Uint8Array;
  readonly transferLength: number;
  readonly symbolSize: number;
}

export interface Frame extends SessionKey {
  readonly esi: number;
  /** The RaptorQ packet: payload id and symbol, a view into the frame's bytes. */
  readonly packet: Uint8Array;
  readonly crc: number;
  readonly params: FountainParams;
}

export type FrameReadResult =
  | { readonly ok: true; readonly frame: Frame }
  | { readonly ok: false; readonly code: ProtocolErrorCode; readonly reason: string };

export interface FrameReadLimits {
  /** Largest transfer length a frame may declare; checked before anything is allocated. */
  readonly maxTransferBytes?: number;
  /** Most source symbols (K) a frame may declare; checked before anything is allocated. */
  readonly maxSourceSymbols?: number;
}

/** Builds a frame around a RaptorQ packet (payload id + symbol). */
export function writeFrame(key: SessionKey, packet: Uint8Array): Uint8Array {
  const t = packet.length - PAYLOAD_ID_BYTES;
  const out = new Uint8Array(FRAME_OVERHEAD + t);
  out.set(MAGIC, OFFSET.magic);
  out[OFFSET.version] = FRAME_VERSION;
  out[OFFSET.flags] = 0;
  writeU32BE(out, OFFSET.sessionId, key.sessionId);
  out.set(key.digestPrefix.subarray(0, DIGEST_PREFIX_BYTES), OFFSET.digestPrefix);
  writeU32BE(out, OFFSET.transferLength, key.transferLength);
  out[OFFSET.symbolSize] = key.symbolSize >>> 8;
  out[OFFSET.symbolSize + 1] = key.symbolSize & 0xff;
  out.set(packet, OFFSET.payloadId);
  writeU32BE(out, HEADER_BYTES + t, crc32(out, 0, HEADER_BYTES + t));
  return out;
}

function refuse(code: ProtocolErrorCode, reason: string): FrameReadResult {
  return { ok: false, code, reason };
}

/**
 * Reads and checks a frame, cheapest checks first: magic, version, length against the declared
 * symbol size, checksum, then every field against the caps and the fountain's rules.
 */
export function readFrame(bytes: Uint8Array, limits: FrameReadLimits = {}): FrameReadResult {
  const maxTransferBytes = limits.maxTransferBytes ?? LIMITS.maxTransferBytes;
  const maxSourceSymbols = limits.maxSourceSymbols ?? LIMITS.maxSourceSymbols;
  if (bytes.length < MAGIC.length) return refuse('TRUNCATED', `frame of ${bytes.length} bytes`);
  if (bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1]) return refuse('BAD_MAGIC', 'not an airsign frame (magic is not "AS")');
  if (bytes.length <= OFFSET.version) return refuse('TRUNCATED', `frame of ${bytes.length} bytes`);
  const version = bytes[OFFSET.version]!;
  if (version !== FRAME_VERSION) return refuse('UNKNOWN_VERSION', `frame version ${version}, this program reads version ${FRAME_VERSION}`);
  if (bytes.length < FRAME_OVERHEAD) return refuse('TRUNCATED', `frame of ${bytes.length} bytes, a header alone is ${FRAME_OVERHEAD}`);
  const symbolSize = (bytes[OFFSET.symbolSize]! << 8) | bytes[OFFSET.symbolSize + 1]!;
  const expected = FRAME_OVERHEAD + symbolSize;
  if (bytes.length < expected) return refuse('TRUNCATED', `frame of ${bytes.length} bytes, its header says ${expected}`);
  if (bytes.length > expected) return refuse('TRAILING_BYTES', `frame of ${bytes.length} bytes, its header says ${expected}`);
  const crcAt = expected - CRC_BYTES;
  const crc = readU32BE(bytes, crcAt);
  if (crc32(bytes, 0, crcAt) !== crc) return refuse('BAD_CHECKSUM', 'frame checksum does not match');
  const flags = bytes[OFFSET.flags]!;
  if (flags !== 0) return refuse('BAD_FRAME', `frame flags 0x${flags.toString(16)}, expected 0`);
  const transferLength = readU32BE(bytes, OFFSET.transferLength);
  if (transferLength > maxTransferBytes) return refuse('TOO_LARGE', `transfer of ${transferLength} bytes exceeds the cap of ${maxTransferBytes}`);
  const problem = paramsProblem(transferLength, symbolSize);
  if (problem !== undefined) return refuse(problem.code, problem.reason);
  const sourceSymbols = Math.ceil(transferLength / symbolSize);
  if (sourceSymbols > maxSourceSymbols) {
    return refuse('TOO_LARGE', `transfer of ${transferLength} bytes in ${symbolSize}-byte symbols is ${sourceSymbols} source symbols, more than the cap of ${maxSourceSymbols}`);
  }
  const params = fountainParams(transferLength, symbolSize);
  const packet = bytes.subarray(OFFSET.payloadId, crcAt);
  const packetIssue = packetProblem(params, packet);
  if (packetIssue !== undefined) return refuse('BAD_FRAME', packetIssue);
  return {
    ok: true,
    frame: {
      sessionId: readU32BE(bytes, OFFSET.sessionId),
      digestPrefix: bytes.subarray(OFFSET.digestPrefix, OFFSET.digestPrefix + DIGEST_PREFIX_BYTES),
      transferLength,
      symbolSize,
      esi: readPayloadId(packet).esi,
      packet,
      crc,
      params,
    },
  };
}

export function sameSession(a: SessionKey, b: SessionKey): boolean {
  if (a.sessionId !== b.sessionId || a.transferLength !== b.transferLength || a.symbolSize !== b.symbolSize) return false;
  for (let i = 0; i < DIGEST_PREFIX_BYTES; i++) if (a.digestPrefix[i] !== b.digestPrefix[i]) return false;
  return true;
}
