/**
 * Frames declaring more source symbols than LIMITS.maxSourceSymbols: the fountain decoder's memory
 * grows with K, so such a frame is refused before the decoder allocates anything, whether it comes
 * first (it must not lock the decoder onto a hostile session) or in the middle of a genuine one.
 */
import { describe, expect, it } from 'vitest';
import { fountainMemoryBytes } from '../../../protocol/fountain/index.ts';
import { FrameDecoder, FrameEncoder, readFrame } from '../../../protocol/frames/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { frameWithSymbolSize, tamper } from './forge.ts';
import { randomBytes, seededRandom } from './support.ts';

const transfer = randomBytes(3000, seededRandom(5));
const encoder = new FrameEncoder(transfer, { symbolSize: 176, sessionId: 0x5eed0001 });
const stream = Array.from({ length: 60 }, () => encoder.next());

/** Frames of a hostile session declaring (T, F), with distinct symbol ids and a valid checksum. */
function hostile(symbolSize: number, transferLength: number, count: number): Uint8Array[] {
  const template = tamper(frameWithSymbolSize(stream[0]!, symbolSize, transferLength), { sessionId: 0x0bad0bad });
  return Array.from({ length: count }, (_, esi) => tamper(template, { esi }));
}

describe('the source symbol cap', () => {
  it('reads a frame at the cap and refuses one past it', () => {
    expect(LIMITS.maxSourceSymbols).toBe(8192);
    expect(readFrame(frameWithSymbolSize(stream[0]!, 64, 64 * LIMITS.maxSourceSymbols)).ok).toBe(true);
    expect(readFrame(frameWithSymbolSize(stream[0]!, 64, 64 * LIMITS.maxSourceSymbols + 1))).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(readFrame(frameWithSymbolSize(stream[0]!, 176, 3000), { maxSourceSymbols: 17 })).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });

  it('a hostile first frame (4 MiB in 80-byte symbols) neither locks the decoder nor grows its memory', () => {
    const decoder = new FrameDecoder();
    const before = fountainMemoryBytes();
    for (const f of hostile(80, 4 * 1024 * 1024, 40)) expect(decoder.push(f)).toMatchObject({ status: 'rejected', code: 'TOO_LARGE' });
    expect(fountainMemoryBytes()).toBe(before);
    expect(decoder.progress).toMatchObject({ sessionId: undefined, packets: 0, framesRejected: 40 });
    // The genuine session locks on its first frame: no stale-session switch was needed.
    let last;
    for (const f of stream) {
      last = decoder.push(f);
      if (last.status === 'complete') break;
    }
    expect(last?.status).toBe('complete');
    expect([...decoder.result()]).toEqual([...transfer]);
    expect(decoder.progress.switches).toBe(0);
    decoder.dispose();
  });

  it('a run of hostile frames mid-session changes nothing and cannot take the decoder over', () => {
    const decoder = new FrameDecoder({ switchAfter: 4 });
    for (const f of stream.slice(0, 8)) decoder.push(f);
    const before = decoder.progress;
    for (const f of hostile(64, 64 * (LIMITS.maxSourceSymbols + 1), 20)) expect(decoder.push(f)).toMatchObject({ status: 'rejected', code: 'TOO_LARGE' });
    expect(decoder.progress).toMatchObject({ sessionId: before.sessionId, packets: before.packets, switches: 0, restarts: 0 });
    let last;
    for (const f of stream.slice(8)) {
      last = decoder.push(f);
      if (last.status === 'complete') break;
    }
    expect(last?.status).toBe('complete');
    decoder.dispose();
  });

  it('the encoder refuses a transfer readers would refuse, naming the cap', () => {
    const big = new Uint8Array(176 * LIMITS.maxSourceSymbols + 1);
    expect(() => new FrameEncoder(big, { density: 'sparse' })).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
    expect(() => new FrameEncoder(big, { symbolSize: 176 })).toThrow(String(LIMITS.maxSourceSymbols));
    expect(new FrameEncoder(big, { density: 'max' }).sourceSymbols).toBeLessThan(LIMITS.maxSourceSymbols);
    expect(() => new FrameDecoder({ maxSourceSymbols: 0 })).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});
