/** The frame decoder's session rules, progress, and what it does with poisoned frames. */
import { describe, expect, it } from 'vitest';
import { isProtocolError } from '../../../protocol/errors.ts';
import { FrameDecoder, FrameEncoder } from '../../../protocol/frames/index.ts';
import { tamper } from './forge.ts';
import { randomBytes, seededRandom } from './support.ts';

const random = seededRandom(31);
const transferA = randomBytes(5000, random);
const transferB = randomBytes(3000, random);
const T = 176; // A: K = 29; B: K = 18

function framesOf(transfer: Uint8Array, sessionId: number, count: number, start = 0): Uint8Array[] {
  const encoder = new FrameEncoder(transfer, { symbolSize: T, sessionId, start });
  const frames = Array.from({ length: count }, () => encoder.next());
  encoder.dispose();
  return frames;
}

const streamA = framesOf(transferA, 1, 120);
const streamB = framesOf(transferB, 2, 80);

function pushUntilComplete(decoder: FrameDecoder, frames: Uint8Array[]): number {
  for (let i = 0; i < frames.length; i++) if (decoder.push(frames[i]!).status === 'complete') return i + 1;
  return -1;
}

describe('FrameDecoder progress', () => {
  it('reports frames seen, symbols held, what is still needed, and a fraction', () => {
    const decoder = new FrameDecoder();
    expect(decoder.progress).toMatchObject({ framesSeen: 0, sessionId: undefined, sourceSymbols: undefined, framesNeeded: undefined, fraction: 0, complete: false });
    decoder.push(streamA[40]!);
    decoder.push(streamA[40]!);
    decoder.push(new Uint8Array(3));
    for (const f of streamA.slice(0, 9)) decoder.push(f);
    expect(decoder.progress).toMatchObject({
      framesSeen: 12,
      framesAccepted: 10,
      framesRejected: 1,
      duplicates: 1,
      sessionId: 1,
      sourceSymbols: 29,
      packets: 10,
      framesNeeded: 19,
      complete: false,
    });
    expect(decoder.progress.fraction).toBeCloseTo(10 / 29);
    let error: unknown;
    try {
      decoder.result();
    } catch (e) {
      error = e;
    }
    expect(isProtocolError(error, 'INCOMPLETE')).toBe(true);
    decoder.dispose();
  });

  it('stays complete: more frames of the session say complete, others are refused, the result stands', () => {
    const decoder = new FrameDecoder();
    expect(pushUntilComplete(decoder, streamA.slice(50))).toBe(29);
    expect(decoder.progress).toMatchObject({ complete: true, fraction: 1, framesNeeded: 0 });
    expect(decoder.push(streamA[0]!).status).toBe('complete');
    for (const f of streamB) expect(decoder.push(f)).toMatchObject({ status: 'rejected', code: 'FOREIGN_SESSION' });
    expect([...decoder.result()]).toEqual([...transferA]);
  });
});

describe('poisoned frames', () => {
  it('a valid-checksum frame with poisoned data costs a restart, never a wrong transfer', () => {
    const decoder = new FrameDecoder();
    for (const f of streamA.slice(0, 28)) expect(decoder.push(f).status).toBe('accepted');
    const poisoned = tamper(streamA[60]!, { symbolByte: { at: 5, xor: 0x40 } });
    const r = decoder.push(poisoned);
    expect(r).toMatchObject({ status: 'restarted', code: 'DIGEST_MISMATCH' });
    expect(r.progress).toMatchObject({ packets: 0, restarts: 1, complete: false, sessionId: 1 });
    expect(pushUntilComplete(decoder, streamA.slice(61))).toBe(29);
    expect([...decoder.result()]).toEqual([...transferA]);
  });
});

describe('sessions', () => {
  it('refuses frames of another session while one is in progress', () => {
    const decoder = new FrameDecoder();
    decoder.push(streamA[0]!);
    const interleaved = streamA.slice(1, 40).flatMap((f, i) => [f, streamB[i]!]);
    const statuses = interleaved.map((f) => decoder.push(f));
    expect(statuses.filter((r) => r.status === 'rejected').every((r) => 'code' in r && r.code === 'FOREIGN_SESSION')).toBe(true);
    expect(decoder.complete).toBe(true);
    expect([...decoder.result()]).toEqual([...transferA]);
    expect(decoder.progress.switches).toBe(0);
  });

  it('gives up a stale session after switchAfter frames in a row of one other session', () => {
    const decoder = new FrameDecoder({ switchAfter: 8 });
    for (const f of streamA.slice(0, 5)) decoder.push(f); // the old screen, then the new one
    const results = streamB.map((f) => decoder.push(f));
    expect(results.slice(0, 7).map((r) => r.status)).toEqual(Array(7).fill('rejected'));
    expect(results[7]!.status).toBe('switched');
    expect(decoder.progress.switches).toBe(1);
    expect([...decoder.result()]).toEqual([...transferB]);
  });

  it('does not switch while the session in progress keeps showing up, nor ever with switchAfter 0', () => {
    const decoder = new FrameDecoder({ switchAfter: 8 });
    decoder.push(streamA[0]!);
    for (let i = 0; i < 70; i++) decoder.push(i % 7 === 6 ? streamA[1 + i]! : streamB[i]!);
    expect(decoder.progress).toMatchObject({ sessionId: 1, switches: 0 });
    const never = new FrameDecoder({ switchAfter: 0 });
    never.push(streamA[0]!);
    for (const f of streamB) expect(never.push(f).status).toBe('rejected');
    never.dispose();
    decoder.dispose();
  });

  it('reset() forgets the session', () => {
    const decoder = new FrameDecoder();
    decoder.push(streamA[0]!);
    decoder.reset();
    expect(decoder.progress.sessionId).toBeUndefined();
    expect(pushUntilComplete(decoder, streamB)).toBe(18);
    expect([...decoder.result()]).toEqual([...transferB]);
  });
});

describe('FrameDecoder options', () => {
  it.each([{ maxTransferBytes: 0 }, { maxTransferBytes: 2 ** 32 }, { extraPackets: -1 }, { switchAfter: 1.5 }])('refuses %o', (options) => {
    let error: unknown;
    try {
      new FrameDecoder(options);
    } catch (e) {
      error = e;
    }
    expect(isProtocolError(error, 'BAD_ARGUMENT')).toBe(true);
  });
});
