/**
 * One BC-UR fountain trial, run in a worker thread by fountain.bench.ts (its decoder is slow
 * enough at K = 1000 that the trials use both cores). Counts the parts received before the
 * message is complete, from a given first sequence number, with independent random loss.
 */
import encoderModule from '@ngraveio/bc-ur/dist/fountainEncoder.js';
import decoderModule from '@ngraveio/bc-ur/dist/fountainDecoder.js';
import { seededRandom } from '../test/support/seeded-random.ts';

export interface BcurTrial {
  readonly k: number;
  readonly symbolSize: number;
  readonly start: number;
  readonly loss: number;
  readonly seed: number;
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
