/**
 * The camera simulator: turns the frames a screen shows (at displayFps) into what a webcam
 * (1280x720 at 30 fps by default) captures of them. Deterministic for a seed.
 */
import type { GreyImage } from '../../../protocol/optical/index.ts';
import { SEVERITIES } from './camera-model.ts';
import type { CameraOptions, Severity } from './camera-model.ts';
import { renderCapture } from './capture.ts';
import { drawSessionPose, projectCorners, shakePose } from './pose.ts';
import type { Pose } from './pose.ts';
import { Prng } from './prng.ts';
import { exposureBlend, frameStart } from './timeline.ts';
import type { BlendPart } from './timeline.ts';

export interface SimulatorOptions {
  /** Frames per second the screen shows. */
  readonly displayFps: number;
  readonly seed?: number;
  readonly severity?: Severity;
  /** Overrides of the severity's camera settings. */
  readonly camera?: Partial<CameraOptions>;
}

export interface Capture {
  /** Index of the capture in the camera's stream, counting dropped ones. */
  readonly index: number;
  /** Start of its exposure, seconds from the first displayed frame. */
  readonly time: number;
  /** Displayed frames it integrates (more than one: a blend). */
  readonly frames: readonly number[];
  readonly image: GreyImage;
}

const NOISE_SAMPLES = 1 << 16;

export class CameraSimulator {
  readonly camera: CameraOptions;
  readonly displayFps: number;
  private readonly rng: Prng;
  private readonly pose: Pose;
  private readonly noise: Float32Array;
  private readonly phase: number;
  private readonly period: number;
  private readonly timing: Prng;

  constructor(options: SimulatorOptions) {
    if (!(options.displayFps > 0 && options.displayFps <= 240)) throw new RangeError(`display fps ${options.displayFps} is not in (0, 240]`);
    this.camera = { ...SEVERITIES[options.severity ?? 'typical'], ...options.camera };
    this.displayFps = options.displayFps;
    const root = new Prng(options.seed ?? 1);
    this.pose = drawSessionPose(this.camera, root.fork());
    const noiseRng = root.fork();
    this.noise = new Float32Array(NOISE_SAMPLES);
    for (let i = 0; i < NOISE_SAMPLES; i++) this.noise[i] = noiseRng.normal();
    this.phase = root.next() / this.camera.fps;
    this.period = 1 / (this.camera.fps * (1 + root.range(-1, 1) * this.camera.clockDrift));
    this.timing = root.fork();
    this.rng = root.fork();
  }

  /** Seconds of display time taken by `count` frames. */
  displayDuration(count: number): number {
    return frameStart(count, this.displayFps, this.camera.refreshHz);
  }

  /** Captures of frames held in memory. */
  *captures(frames: readonly GreyImage[]): Generator<Capture> {
    for (const plan of this.plan(frames.length)) {
      const capture = this.render(plan, (k) => frames[k]!);
      if (capture !== undefined) yield capture;
    }
  }

  /** Captures of a stream of frames, holding only the few a capture needs. */
  async *capturesFrom(frames: AsyncIterable<GreyImage> | Iterable<GreyImage>, count = Infinity): AsyncGenerator<Capture> {
    const window = new Map<number, GreyImage>();
    const iterator = (Symbol.asyncIterator in frames ? frames[Symbol.asyncIterator]() : frames[Symbol.iterator]()) as AsyncIterator<GreyImage> | Iterator<GreyImage>;
    let next = 0;
    let ended = false;
    const need = async (k: number): Promise<boolean> => {
      while (!ended && next <= k) {
        const r = await iterator.next();
        if (r.done === true) ended = true;
        else window.set(next++, r.value);
      }
      return k < next;
    };
    for (const plan of this.plan(count)) {
      const last = Math.max(...plan.parts.flatMap((row) => row.map((p) => p.frame)));
      if (!(await need(last))) return;
      const first = Math.min(...plan.parts.flatMap((row) => row.map((p) => p.frame)));
      for (const k of window.keys()) if (k < first) window.delete(k);
      const capture = this.render(plan, (k) => window.get(k)!);
      if (capture !== undefined) yield capture;
    }
  }

  /** The timing of every capture that fits within `count` displayed frames. */
  private *plan(count: number): Generator<CapturePlan> {
    const cam = this.camera;
    const end = Number.isFinite(count) ? this.displayDuration(count) : Infinity;
    const bands = 16; // rolling shutter: blend weights change in 16 bands down the frame
    for (let i = 0; ; i++) {
      const time = Math.max(0, this.phase + i * this.period + cam.timingJitter * this.timing.normal());
      if (time + cam.readout + cam.shutter > end) return;
      const parts: BlendPart[][] = [];
      for (let b = 0; b < bands; b++) {
        const t0 = time + ((b + 0.5) / bands) * cam.readout;
        parts.push(exposureBlend(t0, t0 + cam.shutter, this.displayFps, cam.refreshHz));
      }
      yield { index: i, time, parts };
    }
  }

  private render(plan: CapturePlan, frame: (k: number) => GreyImage): Capture | undefined {
    const cam = this.camera;
    // Draw everything this capture needs before deciding whether it is dropped, so a drop
    // does not shift the draws of later captures.
    const pose = shakePose(this.pose, cam, this.rng);
    const gain = cam.exposure * (1 + cam.exposureJitter * this.rng.normal());
    const noiseSeed = this.rng.u32();
    if (this.rng.next() < cam.dropRate) return undefined;
    const sample = frame(plan.parts[0]![0]!.frame);
    const corners = projectCorners(pose, sample.width / sample.height, cam);
    const rowBlend = (row: number) => plan.parts[Math.min(plan.parts.length - 1, Math.floor((row / cam.height) * plan.parts.length))]!;
    const image = renderCapture({ camera: cam, corners, rowBlend, frame, gain, noise: this.noise, noiseSeed });
    const frames = [...new Set(plan.parts.flatMap((row) => row.map((p) => p.frame)))];
    return { index: plan.index, time: plan.time, frames, image };
  }
}

interface CapturePlan {
  readonly index: number;
  readonly time: number;
  readonly parts: readonly (readonly BlendPart[])[];
}
