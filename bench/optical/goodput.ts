/**
 * Goodput through the camera simulator: a message shown as a stream of frames at a display
 * rate, captured by the simulated webcam, scanned, fed to the link's decoder until the message
 * is whole. Goodput = message bytes / display time until then.
 */
import { MAX_CODES_PER_FRAME, QrScanner } from '../../protocol/optical/index.ts';
import type { GreyImage } from '../../protocol/optical/index.ts';
import { loadZxing } from '../../node/wasm.ts';
import { CameraSimulator } from '../../online/optical/simulator/index.ts';
import type { CameraOptions, Severity } from '../../online/optical/simulator/index.ts';
import type { Link } from './links.ts';

export interface Trial {
  readonly recovered: boolean;
  /** Seconds of display until the message was whole (or until the trial gave up). */
  readonly seconds: number;
  /** Frames shown (codes: a picture of N codes shows N), and the pictures that carried them. */
  readonly framesShown: number;
  readonly picturesShown: number;
  readonly framesUseful: number;
  readonly sourceFrames: number;
  readonly goodput: number;
  /** Camera frames scanned, and the milliseconds spent scanning them. */
  readonly captures?: number;
  readonly scanMs?: number;
}

export interface TrialOptions {
  readonly displayFps: number;
  readonly severity: Severity;
  readonly seed: number;
  /** Changes to the severity's camera (a slower frame rate in low light, say). */
  readonly camera?: Partial<CameraOptions>;
  /** Give up after this many times the ideal display time (K / fps). */
  readonly patience?: number;
}

/** Where in the stream a trial starts (1..1000), from its seed: as when a camera is pointed at a running display. */
export function trialStart(seed: number): number {
  return 1 + (Math.imul(seed, 2654435761) >>> 0) % 1000;
}

export async function runTrial(link: Link, message: Uint8Array, options: TrialOptions): Promise<Trial> {
  const zxing = await loadZxing();
  const scanner = new QrScanner(zxing);
  const startAt = trialStart(options.seed);
  const session = link.open(message, startAt);
  const sim = new CameraSimulator({ displayFps: options.displayFps, severity: options.severity, seed: options.seed, ...(options.camera === undefined ? {} : { camera: options.camera }) });
  const limit = Math.ceil(session.sourceFrames * (options.patience ?? 6)) + 30;
  let shown = 0;
  function* frames(): Generator<GreyImage> {
    while (shown < limit) {
      shown++;
      yield session.nextFrame();
    }
  }
  const exposure = sim.camera.readout + sim.camera.shutter;
  // As the pages scan: the receiver is not told how many codes a picture holds, so it looks for
  // as many as a picture can carry (airsign's link); other links show one code.
  const codes = link.codesPerFrame === undefined ? 1 : MAX_CODES_PER_FRAME;
  const perPicture = link.codesPerFrame ?? 1;
  let captures = 0;
  let scanMs = 0;
  try {
    for await (const capture of sim.capturesFrom(frames())) {
      const t0 = performance.now();
      const found = scanner.scanAll(capture.image, codes);
      scanMs += performance.now() - t0;
      captures++;
      if (found.some((f) => session.receive(f.payload))) {
        const seconds = capture.time + exposure;
        return { recovered: true, seconds, framesShown: shown * perPicture, picturesShown: shown, framesUseful: session.received, sourceFrames: session.sourceFrames, goodput: message.length / seconds, captures, scanMs };
      }
    }
    const seconds = sim.displayDuration(shown);
    return { recovered: false, seconds, framesShown: shown * perPicture, picturesShown: shown, framesUseful: session.received, sourceFrames: session.sourceFrames, goodput: 0, captures, scanMs };
  } finally {
    session.dispose();
  }
}
