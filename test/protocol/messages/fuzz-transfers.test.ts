/**
 * Fuzz: 60,000 mutated transfers through transferToMessage (the harness is in fuzz.ts). Each
 * mutation has its checksum made right again, so it reaches the inflater and the decoder (a
 * mutation left unsealed stops at BAD_CHECKSUM: transfer.test.ts flips every bit of two).
 */
import { describe, expect, it } from 'vitest';
import { transferToMessage } from '../../../protocol/messages/index.ts';
import { decodeTransfer } from '../../../protocol/transfer/index.ts';
import { MiB } from '../heap.ts';
import { CASES, SEED, fuzz, resealed, transferSeeds } from './fuzz.ts';

describe('fuzz transfers', () => {
  it(`${CASES} mutated transfers: a ProtocolError, or the message the payload holds`, () => {
    const outcome = fuzz(transferSeeds, CASES, SEED + 1, (b) => transferToMessage(resealed(b)), (b) => decodeTransfer(resealed(b)));
    console.info('fuzz transfers', JSON.stringify(outcome));
    expect(outcome.codes.DECOMPRESS_FAILED).toBeGreaterThan(0);
    expect(outcome.codes.DECOMPRESS_LIMIT).toBeGreaterThan(0);
    expect(outcome.codes.TOO_LARGE).toBeGreaterThan(0);
    expect(outcome.peakHeapGrowth).toBeLessThan(256 * MiB);
    expect(outcome.heapGrowth).toBeLessThan(32 * MiB);
  });
});
