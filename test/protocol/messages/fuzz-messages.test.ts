/** Fuzz: 60,000 mutated message bytes through decodeMessage (the harness is in fuzz.ts). */
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../../protocol/messages/index.ts';
import { MiB } from '../heap.ts';
import { CASES, SEED, fuzz, messageSeeds } from './fuzz.ts';

describe('fuzz message bytes', () => {
  it(`${CASES} mutated messages: a ProtocolError, or a message that re-encodes to the same bytes`, () => {
    const outcome = fuzz(messageSeeds, CASES, SEED, decodeMessage, (input) => input);
    console.info('fuzz messages', JSON.stringify(outcome));
    expect(outcome.codes.TRUNCATED).toBeGreaterThan(0);
    expect(outcome.codes.NON_CANONICAL).toBeGreaterThan(0);
    expect(outcome.codes.SCHEMA).toBeGreaterThan(0);
    expect(outcome.peakHeapGrowth).toBeLessThan(256 * MiB);
    expect(outcome.heapGrowth).toBeLessThan(32 * MiB);
  });
});
