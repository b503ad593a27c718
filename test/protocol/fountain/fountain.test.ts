/** The RaptorQ wrapper: endless stream, dedupe, bounded memory, and no packet that can make the wasm panic. */
import { Decoder, Encoder } from 'raptorq/raptorq.js';
import { describe, expect, it } from 'vitest';
import { isProtocolError } from '../../../protocol/errors.ts';
import { FountainDecoder, FountainEncoder, fountainMemoryBytes, readPayloadId } from '../../../protocol/fountain/index.ts';
import { randomBytes, seededRandom, shuffle } from '../frames/support.ts';

function bytesOf(a: Uint8Array): number[] {
  return [...a];
}

describe('FountainEncoder', () => {
  it('streams K source packets, then repair packets, and repeats the cycle byte for byte', () => {
    const transfer = randomBytes(40 * 64 - 7, seededRandom(1));
    const encoder = new FountainEncoder(transfer, 64);
    const { sourceSymbols: k, paddedSymbols, cycleLength } = encoder.params;
    const firstCycle = Array.from({ length: cycleLength }, (_, i) => encoder.packetAt(i));
    expect(firstCycle.map((p) => readPayloadId(p).esi)).toEqual(
      Array.from({ length: cycleLength }, (_, i) => (i < k ? i : paddedSymbols + i - k)),
    );
    // Source packets carry the transfer itself (systematic code), zero-padded at the end.
    expect(bytesOf(firstCycle[0]!.subarray(4))).toEqual(bytesOf(transfer.subarray(0, 64)));
    // Random access and the second cycle give the same bytes.
    for (const i of [cycleLength - 1, 5, k + 3, 0]) expect(bytesOf(encoder.packetAt(cycleLength + i))).toEqual(bytesOf(firstCycle[i]!));
    encoder.dispose();
    expect(() => encoder.packetAt(0)).toThrow();
  });

  it('keeps its memory bounded however long the stream runs', () => {
    const encoder = new FountainEncoder(randomBytes(200 * 128, seededRandom(8)), 128);
    const { cycleLength } = encoder.params;
    for (let i = 0; i < cycleLength; i++) encoder.packetAt(i);
    const afterOneCycle = fountainMemoryBytes();
    for (let i = cycleLength; i < 10 * cycleLength; i++) encoder.packetAt(i);
    expect(fountainMemoryBytes()).toBe(afterOneCycle);
    encoder.dispose();
  });
});

function decodeAll(transfer: Uint8Array, t: number, positions: number[]): { decodedAt: number; out?: Uint8Array } {
  const encoder = new FountainEncoder(transfer, t);
  const decoder = new FountainDecoder(encoder.params);
  try {
    for (let i = 0; i < positions.length; i++) {
      const r = decoder.add(encoder.packetAt(positions[i]!));
      if (r.kind === 'decoded') return { decodedAt: i + 1, out: r.transfer };
    }
    return { decodedAt: -1 };
  } finally {
    encoder.dispose();
    decoder.dispose();
  }
}

describe('FountainDecoder', () => {
  it('decodes from any K or so distinct packets of the cycle', () => {
    const random = seededRandom(2);
    for (let trial = 0; trial < 20; trial++) {
      const transfer = randomBytes(1 + Math.floor(random() * 5000), random);
      const k = Math.ceil(transfer.length / 128);
      const cycle = k + Math.max(2 * k, 64);
      const positions = shuffle(Array.from({ length: cycle }, (_, i) => i), random);
      const { decodedAt, out } = decodeAll(transfer, 128, positions);
      expect(decodedAt).toBeGreaterThanOrEqual(k);
      expect(decodedAt).toBeLessThanOrEqual(k + 3);
      expect(bytesOf(out!)).toEqual(bytesOf(transfer));
    }
  });

  it('counts a repeated packet once', () => {
    const transfer = randomBytes(2000, seededRandom(3));
    const encoder = new FountainEncoder(transfer, 64);
    const decoder = new FountainDecoder(encoder.params);
    const repair = encoder.packetAt(encoder.params.sourceSymbols);
    expect(decoder.add(repair).kind).toBe('added');
    expect(decoder.add(repair).kind).toBe('duplicate');
    expect(decoder.packets).toBe(1);
    encoder.dispose();
    decoder.dispose();
  });

  it('refuses every packet that would make raptorq panic, and still decodes afterwards', () => {
    const transfer = randomBytes(3000, seededRandom(4));
    const encoder = new FountainEncoder(transfer, 64);
    const { sourceSymbols: k, paddedSymbols, repairSymbols } = encoder.params;
    const decoder = new FountainDecoder(encoder.params);
    const good = encoder.packetAt(k + 1);
    const withId = (sbn: number, esi: number) => {
      const p = good.slice();
      p[0] = sbn;
      p[1] = esi >>> 16;
      p[2] = (esi >>> 8) & 0xff;
      p[3] = esi & 0xff;
      return p;
    };
    const hostile = [
      new Uint8Array(0),
      good.subarray(0, 3),
      good.subarray(0, 40),
      new Uint8Array([...good, 0]),
      withId(1, 0),
      withId(255, k + 5),
      withId(0, k), // padding id: never sent
      withId(0, paddedSymbols - 1),
      withId(0, paddedSymbols + repairSymbols), // past the cycle
      withId(0, 0xffffff),
    ];
    for (const packet of hostile) {
      let error: unknown;
      try {
        decoder.add(packet);
      } catch (e) {
        error = e;
      }
      expect(isProtocolError(error, 'BAD_FRAME')).toBe(true);
    }
    expect(decoder.packets).toBe(0);
    let result;
    for (let i = 0; result?.kind !== 'decoded'; i++) result = decoder.add(encoder.packetAt(k + i));
    expect(bytesOf(result.transfer)).toEqual(bytesOf(transfer));
    encoder.dispose();
  });

  it('holds at most maxPackets distinct packets, then says it is full', () => {
    const encoder = new FountainEncoder(randomBytes(64 * 50, seededRandom(5)), 64);
    const decoder = new FountainDecoder(encoder.params, { maxPackets: 10 });
    const kinds = Array.from({ length: 12 }, (_, i) => decoder.add(encoder.packetAt(50 + i)).kind);
    expect(kinds.slice(0, 9)).toEqual(Array(9).fill('added'));
    expect(kinds.slice(9)).toEqual(['full', 'full', 'full']);
    expect(decoder.packets).toBe(10);
    encoder.dispose();
    decoder.dispose();
  });

  it('frees its wasm memory: many transfers do not grow the wasm heap without bound', () => {
    const random = seededRandom(6);
    const run = () => {
      const transfer = randomBytes(20_000, random);
      const positions = Array.from({ length: 200 }, (_, i) => 60 + i);
      expect(decodeAll(transfer, 256, positions).decodedAt).toBeGreaterThan(0);
    };
    for (let i = 0; i < 5; i++) run();
    const settled = fountainMemoryBytes();
    for (let i = 0; i < 50; i++) run();
    expect(fountainMemoryBytes()).toBe(settled);
  });
});

describe('raptorq itself (measured, so we know what we rely on)', () => {
  it('copes with duplicates: every packet given twice still decodes at the same distinct count', () => {
    const random = seededRandom(7);
    const k = 100;
    const t = 64;
    const extra: number[] = [];
    for (let trial = 0; trial < 30; trial++) {
      const data = randomBytes(k * t, random);
      const encoder = Encoder.with_defaults(data, t);
      const packets = shuffle(encoder.encode(2 * k), random);
      encoder.free();
      const decoder = Decoder.with_defaults(BigInt(data.length), t);
      let distinct = 0;
      let out: Uint8Array | undefined;
      for (const p of packets) {
        distinct++;
        out = decoder.decode(p) ?? decoder.decode(p);
        if (out !== undefined) break;
      }
      decoder.free();
      expect(bytesOf(out!)).toEqual(bytesOf(data));
      extra.push(distinct - k);
    }
    // We dedupe by symbol id ourselves anyway; this records that raptorq does too.
    expect(Math.max(...extra)).toBeLessThanOrEqual(2);
  });
});
