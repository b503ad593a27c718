/**
 * 100,000 mutated frames fed to a decoder in the middle of a session: bit flips, cuts, splices,
 * garbage, and tampered fields behind a valid checksum. No throw, a typed status for each, bounded
 * memory (JavaScript heap and wasm), and afterwards the session completes with the right bytes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fountainMemoryBytes } from '../../../protocol/fountain/index.ts';
import type { PushStatus } from '../../../protocol/frames/index.ts';
import { FrameDecoder, FrameEncoder } from '../../../protocol/frames/index.ts';
import { reseal, tamper } from './forge.ts';
import { randomBytes, seededRandom } from './support.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MUTATIONS = 100_000;
const T = 176;

function mutate(base: Uint8Array, donor: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  switch (pick(9)) {
    case 0: {
      const f = base.slice();
      for (let i = 1 + pick(8); i > 0; i--) f[pick(f.length)]! ^= 1 << pick(8);
      return f;
    }
    case 1:
      return base.slice(0, pick(base.length));
    case 2:
      return new Uint8Array([...base, ...randomBytes(1 + pick(40), random)]);
    case 3:
      return randomBytes(pick(300), random);
    case 4: {
      const cut = pick(base.length);
      return new Uint8Array([...base.subarray(0, cut), ...donor.subarray(cut)]);
    }
    case 5: // one header field set to anything, checksum made to match
      return tamper(base, [
        { version: pick(256) },
        { flags: pick(256) },
        { sessionId: pick(2 ** 32) },
        { transferLength: pick(2 ** 32) },
        { symbolSize: pick(65536) },
        { sourceBlock: pick(256) },
        { esi: pick(2 ** 24) },
        { esi: pick(200) },
      ][pick(8)]!);
    case 6: // poisoned symbol data behind a valid checksum
      return tamper(base, { symbolByte: { at: pick(T), xor: 1 + pick(255) } });
    case 7: {
      const f = base.slice();
      for (let i = 0; i < 4; i++) f[pick(f.length)] = pick(256);
      return reseal(f);
    }
    default:
      return base;
  }
}

describe('frame fuzzing', () => {
  it(`survives ${MUTATIONS.toLocaleString('en')} mutated frames mid-session, then completes`, () => {
    const random = seededRandom(0x5eed);
    const transfer = randomBytes(4000, random); // K = 23
    const encoder = new FrameEncoder(transfer, { symbolSize: T, sessionId: 77 });
    const foreign = new FrameEncoder(randomBytes(2500, random), { symbolSize: T, sessionId: 78 });
    const k = encoder.sourceSymbols;
    // Fewer distinct genuine symbols than K go into the fuzz, so only tampered frames could complete it.
    const genuine = Array.from({ length: Math.floor(k / 2) }, (_, i) => encoder.frameAt(3 * i));
    const others = Array.from({ length: 20 }, () => foreign.next());
    const decoder = new FrameDecoder();
    for (const f of genuine) decoder.push(f);

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const statuses = new Map<PushStatus, number>();
    const codes = new Set<string>();
    let maxPackets = 0;
    for (let i = 0; i < MUTATIONS; i++) {
      const pool = random() < 0.85 ? genuine : others;
      const base = pool[Math.floor(random() * pool.length)]!;
      const r = decoder.push(mutate(base, genuine[Math.floor(random() * genuine.length)]!, random));
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if ('code' in r) codes.add(r.code);
      maxPackets = Math.max(maxPackets, r.progress.packets);
      if (r.status === 'complete') expect([...decoder.result()]).toEqual([...transfer]);
    }
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    expect(decoder.progress.framesSeen).toBe(genuine.length + MUTATIONS);
    expect(heapGrowth).toBeLessThan(16 * 1024 * 1024);
    expect(fountainMemoryBytes()).toBeLessThan(32 * 1024 * 1024);
    expect(maxPackets).toBeLessThanOrEqual(k + 32);
    // The fuzz reached every layer: the checksum, the field checks, the session lock, the digest.
    for (const code of ['BAD_CHECKSUM', 'TRUNCATED', 'BAD_MAGIC', 'UNKNOWN_VERSION', 'BAD_FRAME', 'TOO_LARGE', 'FOREIGN_SESSION', 'DIGEST_MISMATCH']) {
      expect(codes, code).toContain(code);
    }
    expect(statuses.get('duplicate')).toBeGreaterThan(0);

    // Afterwards the genuine stream still completes, with the right bytes.
    let sent = 0;
    for (let p = 1; !decoder.complete && sent < 4 * encoder.cycleLength; p++, sent++) decoder.push(encoder.frameAt(p));
    expect(decoder.complete).toBe(true);
    expect([...decoder.result()]).toEqual([...transfer]);
    encoder.dispose();
    foreign.dispose();
    decoder.dispose();
  });
});
