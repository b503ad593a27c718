/**
 * The three measurements of the optical benchmark. Each returns plain data (kept in
 * bench/results/optical.json), so a part can be run again on its own: the decode timings want a
 * quiet machine, the simulated goodput does not care (it counts display time, not wall time).
 */
import { loadavg } from 'node:os';
import { DENSITY_PRESETS } from '../../protocol/frames/index.ts';
import { frameImage, QR_PRESETS, QrScanner } from '../../protocol/optical/index.ts';
import type { QrPreset } from '../../protocol/optical/index.ts';
import { loadZxing } from '../../node/wasm.ts';
import { CameraSimulator } from '../../online/optical/simulator/index.ts';
import type { CameraOptions, Severity } from '../../online/optical/simulator/index.ts';
import { airsignLink } from './airsign-link.ts';
import { captureSet, payloadsFor } from './captures.ts';
import type { LabelledCapture } from './captures.ts';
import { measureDecoding } from './decode-speed.ts';
import type { FrameResult } from './decode-speed.ts';
import { runTrial } from './goodput.ts';
import type { Trial } from './goodput.ts';
import { bcurLink } from './links.ts';
import type { Link } from './links.ts';
import { fmt, mean } from './stats.ts';

export interface RunInfo {
  readonly date: string;
  readonly loadavg: readonly number[];
  /** Run in its small form (AIRSIGN_BENCH_QUICK=1): fewer frames and trials. */
  readonly quick?: boolean;
}

const runInfo = (quick: boolean): RunInfo => ({ date: new Date().toISOString().slice(0, 16).replace('T', ' '), loadavg: loadavg(), quick });

export interface DecodePart extends RunInfo {
  readonly typical: readonly FrameResult[];
  readonly harsh: readonly FrameResult[];
}

export async function decodePart(quick: boolean, log: (s: string) => void): Promise<DecodePart> {
  const streams = (severity: Severity, frames: number, seed: number) => {
    const m = new Map<QrPreset, LabelledCapture[]>();
    for (const [i, preset] of QR_PRESETS.entries()) m.set(preset, captureSet(preset, frames, 10, severity, seed + i));
    return m;
  };
  const typical = await measureDecoding(streams('typical', quick ? 4 : 10, 100), log);
  const harsh = await measureDecoding(streams('harsh', quick ? 2 : 4, 200), log);
  return { ...runInfo(quick), typical, harsh };
}

export interface GoodputCell {
  readonly fps: number;
  readonly trials: readonly Trial[];
}

export interface GoodputRow {
  readonly link: string;
  readonly messageBytes: number;
  readonly cells: readonly GoodputCell[];
}

export interface GoodputPart extends RunInfo {
  /** Source frames per airsign message. */
  readonly k: number;
  readonly trials: number;
  readonly typical: readonly GoodputRow[];
  readonly harsh: readonly GoodputRow[];
  readonly bcur: GoodputRow;
}

export const TYPICAL_FPS = [5, 10, 15, 20, 30];
export const HARSH_FPS = [5, 10, 15, 20];

async function cell(link: Link, messageBytes: number, fps: number, severity: Severity, seeds: readonly number[], log: (s: string) => void, camera?: Partial<CameraOptions>): Promise<GoodputCell> {
  const message = Uint8Array.from({ length: messageBytes }, (_, i) => (i * 2654435761) >>> 24);
  const trials: Trial[] = [];
  for (const seed of seeds) trials.push(await runTrial(link, message, { displayFps: fps, severity, seed, ...(camera === undefined ? {} : { camera }) }));
  const ok = trials.filter((t) => t.recovered).length;
  log(`goodput ${link.name} ${fps} fps ${severity}${camera === undefined ? '' : ' (camera changed)'}: ${ok}/${trials.length} recovered, ${fmt(mean(trials.map((t) => t.goodput)) / 1000, 2)} KB/s`);
  return { fps, trials };
}

const seedsFrom = (base: number, n: number) => Array.from({ length: n }, (_, i) => base + i);

/** A whole number from the environment, for sizing a run to the time at hand. */
function envCount(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1`);
  return value;
}

/** AIRSIGN_BENCH_GOODPUT_FRAMES and AIRSIGN_BENCH_GOODPUT_TRIALS size the message and the trials per cell. */
export async function goodputPart(quick: boolean, log: (s: string) => void): Promise<GoodputPart> {
  const k = envCount('AIRSIGN_BENCH_GOODPUT_FRAMES', quick ? 12 : 40);
  const trials = envCount('AIRSIGN_BENCH_GOODPUT_TRIALS', quick ? 1 : 3);
  const grid = async (severity: Severity, rates: readonly number[], base: number): Promise<GoodputRow[]> => {
    const rows: GoodputRow[] = [];
    for (const density of DENSITY_PRESETS) {
      const link = airsignLink(density);
      const messageBytes = k * density.symbolSize;
      const cells: GoodputCell[] = [];
      for (const fps of rates) cells.push(await cell(link, messageBytes, fps, severity, seedsFrom(base, trials), log));
      rows.push({ link: `airsign ${density.name}`, messageBytes, cells });
    }
    return rows;
  };
  const typical = await grid('typical', TYPICAL_FPS, 1000);
  const harsh = await grid('harsh', HARSH_FPS, 3000);
  const bcurBytes = quick ? 4000 : 16_000;
  const wallet = bcurLink(400);
  const bcur = { link: wallet.name, messageBytes: bcurBytes, cells: [await cell(wallet, bcurBytes, 5, 'typical', seedsFrom(2000, trials), log)] };
  return { ...runInfo(quick), k, trials, typical, harsh, bcur };
}

/** Conditions that bear on the defaults: a camera slowed to 15 fps by low light, and distance. */
export interface ConditionsPart extends RunInfo {
  readonly lowLight: readonly GoodputRow[];
  /** Per preset: share of captures decoded with the code spanning this fraction of the frame height. */
  readonly distance: readonly { readonly preset: string; readonly byCoverage: readonly { coverage: number; decoded: number; captures: number }[] }[];
}

export const LOW_LIGHT_FPS = [5, 10, 15];
export const COVERAGES = [0.8, 0.7, 0.6, 0.5, 0.4];

export async function conditionsPart(quick: boolean, log: (s: string) => void): Promise<ConditionsPart> {
  // Equal camera and display rates make a phase lottery (every capture clean, or every one a
  // blend, for as long as the clocks stay in step): enough trials to draw both.
  const trials = quick ? 2 : 5;
  const k = quick ? 12 : 30;
  const lowLightCamera: Partial<CameraOptions> = { fps: 15, shutter: 1 / 30 };
  const lowLight: GoodputRow[] = [];
  for (const density of DENSITY_PRESETS.filter((d) => ['high', 'dense', 'max'].includes(d.name))) {
    const link = airsignLink(density);
    const messageBytes = k * density.symbolSize;
    const cells: GoodputCell[] = [];
    for (const fps of LOW_LIGHT_FPS) cells.push(await cell(link, messageBytes, fps, 'typical', seedsFrom(4000, trials), log, lowLightCamera));
    lowLight.push({ link: `airsign ${density.name}`, messageBytes, cells });
  }
  const zxing = await loadZxing();
  const distance: ConditionsPart['distance'][number][] = [];
  for (const preset of QR_PRESETS.filter((p) => ['medium', 'high', 'dense', 'max'].includes(p.name))) {
    const frames = payloadsFor(preset, quick ? 2 : 6, 77).map((p) => frameImage(p, preset));
    const byCoverage = COVERAGES.map((coverage) => {
      const scanner = new QrScanner(zxing);
      let captures = 0;
      let decoded = 0;
      for (const c of new CameraSimulator({ displayFps: 5, severity: 'typical', seed: 5000, camera: { coverage } }).captures(frames)) {
        captures++;
        if (scanner.scan(c.image) !== undefined) decoded++;
      }
      return { coverage, decoded, captures };
    });
    log(`distance ${preset.name}: ${byCoverage.map((b) => `${b.coverage} ${b.decoded}/${b.captures}`).join(', ')}`);
    distance.push({ preset: preset.name, byCoverage });
  }
  return { ...runInfo(quick), lowLight, distance };
}
