/**
 * Round trips as properties: any K + a few frames of the stream, from any start, in any order,
 * with repeats and frames of other transfers mixed in, give back the transfer byte for byte;
 * and with 30% of the stream lost the decoder still completes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameEncoder } from '../../../protocol/frames/index.ts';
import { seededRandom, shuffle } from './support.ts';

const symbolSizes = fc.constantFrom(64, 176, 376);

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Another transfer's frames: a different session, and the same session id over different bytes. */
function foreignFrames(transfer: Uint8Array, t: number, sessionId: number, count: number, random: () => number): Uint8Array[] {
  const other = new Uint8Array([...transfer, 1]);
  const strangers = new FrameEncoder(other, { symbolSize: t, sessionId: (sessionId + 1) >>> 0, start: Math.floor(random() * 100) });
  const impostors = new FrameEncoder(other, { symbolSize: t, sessionId, start: Math.floor(random() * 100) });
  const out = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? strangers : impostors).next());
  strangers.dispose();
  impostors.dispose();
  return out;
}

describe('frame round trips', () => {
  it('any K+4 frames, any start, any order, with duplicates and foreign frames, give the same bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 6000, size: 'large' }),
        symbolSizes,
        fc.nat(20_000),
        fc.nat(0xffffffff),
        fc.integer(),
        fc.nat(20),
        fc.nat(30),
        (transfer, t, start, sessionId, seed, foreignCount, duplicateCount) => {
          const random = seededRandom(seed);
          const encoder = new FrameEncoder(transfer, { symbolSize: t, sessionId, start });
          const genuine = Array.from({ length: encoder.sourceSymbols + 4 }, () => encoder.next());
          encoder.dispose();
          shuffle(genuine, random);
          // The first frame locks the session; every other frame goes anywhere after it.
          const rest = [
            ...genuine.slice(1),
            ...Array.from({ length: duplicateCount }, () => genuine[Math.floor(random() * genuine.length)]!),
            ...foreignFrames(transfer, t, sessionId, foreignCount, random),
          ];
          const stream = [genuine[0]!, ...shuffle(rest, random)];
          const decoder = new FrameDecoder();
          const statuses = new Set(stream.map((f) => decoder.push(f).status));
          decoder.dispose();
          expect(decoder.complete).toBe(true);
          expect(equalBytes(decoder.result(), transfer)).toBe(true);
          expect(statuses.has('restarted')).toBe(false);
          if (foreignCount > 0) expect(decoder.progress.framesRejected).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('completes with 30% of the stream lost, from any start', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 20_000, size: 'large' }), symbolSizes, fc.nat(50_000), fc.integer(), (transfer, t, start, seed) => {
        const random = seededRandom(seed);
        const encoder = new FrameEncoder(transfer, { symbolSize: t, start });
        const decoder = new FrameDecoder();
        let received = 0;
        for (let sent = 0; sent < 4 * encoder.sourceSymbols + 100 && !decoder.complete; sent++) {
          const frame = encoder.next();
          if (random() < 0.3) continue;
          received++;
          decoder.push(frame);
        }
        encoder.dispose();
        decoder.dispose();
        expect(decoder.complete).toBe(true);
        expect(equalBytes(decoder.result(), transfer)).toBe(true);
        // Loss costs sending time, not received frames: K or very nearly.
        expect(received).toBeLessThanOrEqual(encoder.sourceSymbols + 3);
      }),
      { numRuns: 100 },
    );
  });
});
