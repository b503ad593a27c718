/** The fountain's numbers: our copy of RFC 6330's K' column agrees with the wasm encoder itself. */
import { describe, expect, it } from 'vitest';
import {
  FountainEncoder,
  MAX_SOURCE_SYMBOLS,
  esiAtPosition,
  fountainParams,
  isStreamEsi,
  paddedSymbolCount,
  paramsProblem,
  readPayloadId,
} from '../../../protocol/fountain/index.ts';
import { isProtocolError } from '../../../protocol/errors.ts';
import '../frames/support.ts';

describe('K\' (RFC 6330 Table 2)', () => {
  it.each([1, 9, 10, 11, 12, 13, 47, 48, 49, 50, 100, 101, 1000, 1001, 2999])('matches the wasm encoder for K=%i', (k) => {
    const encoder = new FountainEncoder(new Uint8Array(k * 64), 64);
    try {
      const firstRepair = encoder.packetAt(k);
      expect(readPayloadId(firstRepair).esi).toBe(paddedSymbolCount(k));
      expect(encoder.params.paddedSymbols).toBe(paddedSymbolCount(k));
    } finally {
      encoder.dispose();
    }
  });

  it('covers every K up to the single-block limit', () => {
    expect(paddedSymbolCount(1)).toBe(10);
    expect(paddedSymbolCount(MAX_SOURCE_SYMBOLS)).toBe(MAX_SOURCE_SYMBOLS);
    for (const k of [2, 500, 10_000, 56_000]) expect(paddedSymbolCount(k)).toBeGreaterThanOrEqual(k);
  });
});

describe('fountainParams', () => {
  it('derives K, K\' and the cycle', () => {
    const p = fountainParams(1000, 64);
    expect(p).toEqual({ transferLength: 1000, symbolSize: 64, sourceSymbols: 16, paddedSymbols: 18, repairSymbols: 64, cycleLength: 80 });
    expect(fountainParams(1_000_000, 1024).repairSymbols).toBe(2 * 977);
  });

  it.each([
    [0, 64, 'BAD_FRAME'],
    [1.5, 64, 'BAD_FRAME'],
    [100, 0, 'BAD_FRAME'],
    [100, 56, 'BAD_FRAME'],
    [100, 65, 'BAD_FRAME'],
    [100, 65536, 'BAD_FRAME'],
    [64 * (MAX_SOURCE_SYMBOLS + 1), 64, 'TOO_LARGE'],
  ])('refuses F=%s, T=%s (%s)', (f, t, code) => {
    expect(paramsProblem(f, t)?.code).toBe(code);
    let thrown: unknown;
    try {
      fountainParams(f, t);
    } catch (e) {
      thrown = e;
    }
    expect(isProtocolError(thrown)).toBe(true);
  });

  it('accepts the largest single block', () => {
    expect(paramsProblem(64 * MAX_SOURCE_SYMBOLS, 64)).toBeUndefined();
  });
});

describe('stream positions', () => {
  const p = fountainParams(1000, 64); // K=16, K'=18, R=64

  it('sends source ids, then repair ids from K\', then starts over', () => {
    expect([0, 15, 16, 17, 79, 80, 95, 96].map((i) => esiAtPosition(p, i))).toEqual([0, 15, 18, 19, 81, 0, 15, 18]);
  });

  it('knows which ids the stream can send', () => {
    expect([0, 15, 18, 81].every((e) => isStreamEsi(p, e))).toBe(true);
    expect([16, 17, 82, 0xffffff, -1, 1.5].some((e) => isStreamEsi(p, e))).toBe(false);
  });
});
