export { initFountain, isFountainReady, assertFountainReady, fountainMemoryBytes } from './init.ts';
export type { FountainWasm } from './init.ts';
export {
  fountainParams,
  paramsProblem,
  paddedSymbolCount,
  repairSymbolsPerCycle,
  esiAtPosition,
  isStreamEsi,
  SYMBOL_ALIGNMENT,
  MIN_SYMBOL_SIZE,
  MAX_SYMBOL_SIZE,
  MAX_SOURCE_SYMBOLS,
  MAX_ESI,
} from './params.ts';
export type { FountainParams, ParamsProblem } from './params.ts';
export { PAYLOAD_ID_BYTES, readPayloadId, packetProblem } from './packet.ts';
export type { PayloadId } from './packet.ts';
export { FountainEncoder } from './encoder.ts';
export { FountainDecoder, EXTRA_PACKETS } from './decoder.ts';
export type { FountainAddResult } from './decoder.ts';
