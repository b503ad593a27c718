/**
 * The fuzz harness: mutated inputs through a decoder. Every input must either decode to a
 * message that re-encodes to exactly the bytes it came from, or be refused with a ProtocolError;
 * nothing else may be thrown. Heap use is sampled throughout. FUZZ_SEED replays another sequence.
 */
import { concatBytes, toHex, writeU32BE } from '../../../protocol/bytes.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { encodeMessage, messageToTransfer } from '../../../protocol/messages/index.ts';
import { sealChecksum } from '../../../protocol/transfer/index.ts';
import type { Message } from '../../../protocol/messages/index.ts';
import { heapAfterGc } from '../heap.ts';
import { FIXED_MESSAGES } from './fixed-messages.ts';
import { mutate, seededRandom } from './mutate.ts';
import { typicalRequest, typicalResponse } from './typical.ts';

export const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
export const CASES = 60_000;

const baseMessages: Message[] = [...Object.values(FIXED_MESSAGES), typicalRequest(5), typicalResponse(3)];
export const messageSeeds = baseMessages.map(encodeMessage);
const storedTransfer = (m: Uint8Array) => {
  const t = concatBytes(Uint8Array.of(0x41, 0x53, 0x4d, 2, 0, 0, 0, 0, 0), m, new Uint8Array(4));
  writeU32BE(t, 5, m.length);
  sealChecksum(t);
  return t;
};

/**
 * A mutated transfer with its CRC-32 trailer made right again, so that the mutation reaches the
 * inflater and the message decoder instead of stopping at BAD_CHECKSUM.
 */
export function resealed(input: Uint8Array): Uint8Array {
  if (input.length < 13) return input;
  const t = input.slice();
  sealChecksum(t);
  return t;
}
export const transferSeeds = [...baseMessages.map(messageToTransfer), ...messageSeeds.map(storedTransfer)];

export interface Outcome {
  accepted: number;
  codes: Record<string, number>;
  peakHeapGrowth: number;
  heapGrowth: number;
}

/**
 * Runs `cases` mutated inputs through `decode`. `expectedBytes` says what an accepted input's
 * message must re-encode to; a failure throws with the seed, case number and input in hex.
 */
export function fuzz(seeds: readonly Uint8Array[], cases: number, seed: number, decode: (b: Uint8Array) => Message, expectedBytes: (input: Uint8Array) => Uint8Array): Outcome {
  const rnd = seededRandom(seed);
  const codes: Record<string, number> = {};
  let accepted = 0;
  const before = heapAfterGc();
  let peak = 0;
  for (let i = 0; i < cases; i++) {
    if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    const input = mutate(seeds[i % seeds.length]!, rnd, seeds);
    let message: Message;
    try {
      message = decode(input);
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw new Error(`seed ${seed} case ${i}: threw ${String(e)} for input ${toHex(input)}`, { cause: e });
      codes[e.code] = (codes[e.code] ?? 0) + 1;
      continue;
    }
    accepted++;
    if (toHex(encodeMessage(message)) !== toHex(expectedBytes(input))) {
      throw new Error(`seed ${seed} case ${i}: accepted input does not re-encode to its own bytes: ${toHex(input)}`);
    }
  }
  return { accepted, codes, peakHeapGrowth: peak, heapGrowth: heapAfterGc() - before };
}

