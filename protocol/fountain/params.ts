/**
 * The numbers one RaptorQ transfer is built from, and the rules that keep raptorq's wasm safe:
 * it panics (and a panic poisons the whole module) on a symbol size below 64 or a block split
 * it did not expect, so every value is checked here before the wasm sees it.
 */
import type { ProtocolErrorCode } from '../errors.ts';
import { ProtocolError } from '../errors.ts';
import { EXTENDED_SOURCE_SIZES } from './extended-sizes.ts';

/** raptorq's default parameters align symbols to 8 bytes (and round a symbol size down to it). */
export const SYMBOL_ALIGNMENT = 8;
/** Below 64 bytes raptorq's default parameters have no sub-block size and panic. */
export const MIN_SYMBOL_SIZE = 64;
/** The largest aligned size a u16 header field holds. */
export const MAX_SYMBOL_SIZE = 65528;
/** RFC 6330 K'max: up to this many source symbols, raptorq keeps a transfer in ONE source block. */
export const MAX_SOURCE_SYMBOLS = 56403;
/** Encoding symbol ids are 24 bits in the payload id. */
export const MAX_ESI = 0xffffff;

export interface FountainParams {
  /** F: bytes in the transfer. */
  readonly transferLength: number;
  /** T: bytes in each symbol. */
  readonly symbolSize: number;
  /** K: source symbols, ceil(F / T). */
  readonly sourceSymbols: number;
  /** K': K padded up per RFC 6330 Table 2; repair ids start here. */
  readonly paddedSymbols: number;
  /** Repair symbols in one cycle of the stream. */
  readonly repairSymbols: number;
  /** Frames in one cycle of the stream: K source, then the repair symbols; then it starts over. */
  readonly cycleLength: number;
}

/**
 * Repair symbols per cycle: twice K (at least 64), so that a receiver that joins anywhere and
 * loses up to half the frames still sees K + a few distinct symbols before any repeats.
 */
export function repairSymbolsPerCycle(sourceSymbols: number): number {
  return Math.max(2 * sourceSymbols, 64);
}

/** K' for K, by binary search in the RFC's table. K must be 1..MAX_SOURCE_SYMBOLS. */
export function paddedSymbolCount(sourceSymbols: number): number {
  let lo = 0;
  let hi = EXTENDED_SOURCE_SIZES.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (EXTENDED_SOURCE_SIZES[mid]! >= sourceSymbols) hi = mid;
    else lo = mid + 1;
  }
  return EXTENDED_SOURCE_SIZES[lo]!;
}

export interface ParamsProblem {
  readonly code: ProtocolErrorCode;
  readonly reason: string;
  readonly field: 'transferLength' | 'symbolSize';
}

/** Says what is wrong with (F, T), or undefined when raptorq can take them as one source block. */
export function paramsProblem(transferLength: number, symbolSize: number): ParamsProblem | undefined {
  if (!Number.isSafeInteger(transferLength) || transferLength < 1) {
    return { code: 'BAD_FRAME', reason: `transfer length ${transferLength} is not a positive integer`, field: 'transferLength' };
  }
  if (!Number.isInteger(symbolSize) || symbolSize < MIN_SYMBOL_SIZE || symbolSize > MAX_SYMBOL_SIZE || symbolSize % SYMBOL_ALIGNMENT !== 0) {
    return {
      code: 'BAD_FRAME',
      reason: `symbol size ${symbolSize} is not a multiple of ${SYMBOL_ALIGNMENT} from ${MIN_SYMBOL_SIZE} to ${MAX_SYMBOL_SIZE}`,
      field: 'symbolSize',
    };
  }
  const k = Math.ceil(transferLength / symbolSize);
  if (k > MAX_SOURCE_SYMBOLS) {
    return { code: 'TOO_LARGE', reason: `${k} source symbols exceed the single-block limit of ${MAX_SOURCE_SYMBOLS}`, field: 'transferLength' };
  }
  return undefined;
}

/** The parameters of a transfer of F bytes cut into T-byte symbols; throws a typed error if unusable. */
export function fountainParams(transferLength: number, symbolSize: number): FountainParams {
  const problem = paramsProblem(transferLength, symbolSize);
  if (problem !== undefined) {
    throw new ProtocolError(problem.code === 'BAD_FRAME' ? 'BAD_ARGUMENT' : problem.code, problem.reason, { fields: [problem.field] });
  }
  const sourceSymbols = Math.ceil(transferLength / symbolSize);
  const repairSymbols = repairSymbolsPerCycle(sourceSymbols);
  return {
    transferLength,
    symbolSize,
    sourceSymbols,
    paddedSymbols: paddedSymbolCount(sourceSymbols),
    repairSymbols,
    cycleLength: sourceSymbols + repairSymbols,
  };
}

/** The encoding symbol id sent at a stream position: source ids first, then repair ids, cycling. */
export function esiAtPosition(params: FountainParams, position: number): number {
  const inCycle = position % params.cycleLength;
  return inCycle < params.sourceSymbols ? inCycle : params.paddedSymbols + (inCycle - params.sourceSymbols);
}

/** True for the ids our stream sends: a source id, or a repair id within one cycle. */
export function isStreamEsi(params: FountainParams, esi: number): boolean {
  if (!Number.isInteger(esi) || esi < 0) return false;
  if (esi < params.sourceSymbols) return true;
  return esi >= params.paddedSymbols && esi < params.paddedSymbols + params.repairSymbols;
}
