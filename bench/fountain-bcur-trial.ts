/**
 * One BC-UR fountain trial, run in a worker thread by fountain.bench.ts (its decoder is slow
 * enough at K = 1000 that the trials use both cores). Counts the parts received before the
 * message is complete, from a given first sequence number, with independent random loss.
 */
import encoderModule from '@ngraveio/bc-ur/dist/fountainEncoder.js';
import decoderModule from '@ngraveio/bc-ur/dist/fountainDecoder.js';

export interface BcurTrial {
  readonly k: number;
  readonly symbolSize: number;
  readonly start: number;
  readonly loss: number;
  readonly seed: number;
}

/** mulberry32, as in the benchmark itself. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function runBcurTrial(trial: BcurTrial): number {
  const random = seededRandom(trial.seed);
  const message = Buffer.alloc(trial.k * trial.symbolSize);
  for (let i = 0; i < message.length; i++) message[i] = Math.floor(random() * 256);
  const encoder = new encoderModule.default(message, trial.symbolSize, trial.start);
  if (encoder.fragmentsLength !== trial.k) throw new Error(`bc-ur cut ${encoder.fragmentsLength} fragments, expected ${trial.k}`);
  const decoder = new decoderModule.default();
  let received = 0;
  while (!decoder.isComplete()) {
    const part = encoder.nextPart();
    if (random() < trial.loss) continue;
    received++;
    decoder.receivePart(part);
  }
  if (!decoder.isSuccess() || !decoder.resultMessage().equals(message)) throw new Error('bc-ur decoded the wrong message');
  return received;
}
