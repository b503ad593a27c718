/**
 * Codes a displayed frame: goodput with 1, 2 and 4 codes a picture at the candidate densities,
 * through the camera simulator's 720p webcam in four conditions, for choosing the default.
 * Writes docs/bench/optical-codes.md (raw results in bench/results/optical-codes.json).
 *
 * The pictures are what the pages draw (a square canvas: 2 codes are each half its width, 4 a
 * 2x2 grid), the simulator fits the whole picture in the camera frame, and every capture is
 * scanned as the pages scan (QrScanner.scanAll looking for up to 4 codes, whatever is shown).
 *
 * AIRSIGN_BENCH_CODES_TRIALS (default 5), AIRSIGN_BENCH_CODES_FRAMES (K, default 60),
 * AIRSIGN_BENCH_DENSITIES (medium,high,dense), AIRSIGN_BENCH_CODES (1,2,4),
 * AIRSIGN_BENCH_PROFILES (typical,harsh,low-light,distance-75,distance, and scan: the scan-time
 * comparison) and AIRSIGN_BENCH_FPS (10) narrow it.
 * Each profile's cells are kept in bench/results/optical-codes-<profile>.json and the report is
 * made from all of them, so profiles can be run one at a time (or side by side, one process each).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DENSITY_PRESETS } from '../protocol/frames/index.ts';
import type { CameraOptions, Severity } from '../online/optical/simulator/index.ts';
import { airsignLink } from './optical/airsign-link.ts';
import { runTrial } from './optical/goodput.ts';
import type { Trial } from './optical/goodput.ts';
import { fmt, mean, median, p95 } from './optical/stats.ts';
import { MAX_CODES_PER_FRAME, QrScanner } from '../protocol/optical/index.ts';
import { loadZxing } from '../node/wasm.ts';
import { CameraSimulator } from '../online/optical/simulator/index.ts';

interface Profile {
  readonly name: string;
  readonly what: string;
  readonly severity: Severity;
  readonly camera?: Partial<CameraOptions>;
  readonly seedBase: number;
}

const PROFILES: readonly Profile[] = [
  { name: 'typical', what: 'a laptop webcam held up to a monitor in an office (typical severity)', severity: 'typical', seedBase: 1000 },
  { name: 'harsh', what: 'steep angle, glare, soft focus, noise, slow auto-exposure (harsh severity)', severity: 'harsh', seedBase: 3000 },
  { name: 'low-light', what: 'typical, the camera slowed to 15 fps with a 1/30 s exposure', severity: 'typical', camera: { fps: 15, shutter: 1 / 30 }, seedBase: 4000 },
  { name: 'distance-75', what: 'typical, the picture spanning 75% of the frame height (a little further away)', severity: 'typical', camera: { coverage: 0.75 }, seedBase: 6000 },
  { name: 'distance', what: 'typical, the picture spanning 60% of the frame height instead of 88% (the camera further away)', severity: 'typical', camera: { coverage: 0.6 }, seedBase: 5000 },
];

const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((s) => s.trim());
const trials = Number(process.env.AIRSIGN_BENCH_CODES_TRIALS ?? 5);
const k = Number(process.env.AIRSIGN_BENCH_CODES_FRAMES ?? 60);
const densities = list('AIRSIGN_BENCH_DENSITIES', 'medium,high,dense');
const codesList = list('AIRSIGN_BENCH_CODES', '1,2,4').map(Number);
const profiles = PROFILES.filter((p) => list('AIRSIGN_BENCH_PROFILES', PROFILES.map((x) => x.name).join(',')).includes(p.name));
const rates = list('AIRSIGN_BENCH_FPS', '10').map(Number);
const log = (s: string) => process.stderr.write(`${s}\n`);

/** A trial gives up after this many times K / fps of display (a failing cell costs the most time). */
const PATIENCE = 3;

interface Cell {
  readonly profile: string;
  readonly density: string;
  readonly codes: number;
  readonly fps: number;
  readonly messageBytes: number;
  readonly trials: readonly Trial[];
}

interface ProfileRun {
  readonly started: string;
  readonly load: readonly number[];
  readonly k: number;
  readonly trials: number;
  readonly cells: readonly Cell[];
}

const root = join(import.meta.dirname, '..');
mkdirSync(join(root, 'bench/results'), { recursive: true });
const resultFile = (profile: string) => join(root, `bench/results/optical-codes-${profile}.json`);
for (const profile of profiles) {
  const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const load = loadavg();
  const cells: Cell[] = [];
  for (const density of DENSITY_PRESETS.filter((d) => densities.includes(d.name))) {
    const messageBytes = k * density.symbolSize;
    const message = Uint8Array.from({ length: messageBytes }, (_, i) => (i * 2654435761) >>> 24);
    for (const codes of codesList) {
      const link = airsignLink(density, codes);
      for (const fps of rates) {
        const results: Trial[] = [];
        for (let s = 0; s < trials; s++) {
          const camera = profile.camera === undefined ? {} : { camera: profile.camera };
          results.push(await runTrial(link, message, { displayFps: fps, severity: profile.severity, seed: profile.seedBase + s, patience: PATIENCE, ...camera }));
        }
        const cell = { profile: profile.name, density: density.name, codes, fps, messageBytes, trials: results };
        cells.push(cell);
        log(`${row(cell)}`);
      }
    }
  }
  writeFileSync(resultFile(profile.name), JSON.stringify({ started, load, k, trials, cells } satisfies ProfileRun));
}

function row(c: Cell): string {
  const ok = c.trials.filter((t) => t.recovered).length;
  const kbs = c.trials.map((t) => t.goodput / 1000);
  const captures = c.trials.reduce((a, t) => a + (t.captures ?? 0), 0);
  const scanMs = c.trials.reduce((a, t) => a + (t.scanMs ?? 0), 0) / Math.max(1, captures);
  const useful = mean(c.trials.map((t) => t.framesUseful / t.sourceFrames));
  const mark = ok === c.trials.length ? '' : '**';
  return `| ${c.profile} | ${c.density} | ${c.codes} | ${c.fps} | ${mark}${ok}/${c.trials.length}${mark} | ${fmt(mean(kbs))} | ${fmt(Math.min(...kbs))} | ${fmt(useful, 2)} | ${fmt(scanMs)} |`;
}

// Scan time, compared fairly: the typical camera's captures of each set-up made first, then
// scanned round-robin (one capture of each set-up in turn), so the machine's load falls on all alike.
const scanFile = join(root, 'bench/results/optical-codes-scan.json');
interface ScanRow { readonly density: string; readonly codes: number; readonly captures: number; readonly medianMs: number; readonly p95Ms: number; readonly codesRead: number }
if (list('AIRSIGN_BENCH_PROFILES', 'scan').includes('scan') || process.env.AIRSIGN_BENCH_PROFILES === undefined) {
  const zxing = await loadZxing();
  const setups = DENSITY_PRESETS.filter((d) => densities.includes(d.name)).flatMap((density) => codesList.map((codes) => ({ density, codes })));
  const streams = setups.map(({ density, codes }) => {
    const link = airsignLink(density, codes).open(new Uint8Array(40 * density.symbolSize).fill(7), 1);
    const pictures = Array.from({ length: 12 }, () => link.nextFrame());
    link.dispose();
    return [...new CameraSimulator({ displayFps: 10, severity: 'typical', seed: 7000 }).captures(pictures)].map((c) => c.image);
  });
  const scanners = setups.map(() => new QrScanner(zxing));
  const times = setups.map(() => [] as number[]);
  const read = setups.map(() => 0);
  const longest = Math.max(...streams.map((x) => x.length));
  for (let i = 0; i < longest; i++) {
    setups.forEach((_, j) => {
      const image = streams[j]![i];
      if (image === undefined) return;
      const t0 = performance.now();
      read[j]! += scanners[j]!.scanAll(image, MAX_CODES_PER_FRAME).length;
      times[j]!.push(performance.now() - t0);
    });
  }
  const rows: ScanRow[] = setups.map(({ density, codes }, j) => ({ density: density.name, codes, captures: times[j]!.length, medianMs: median(times[j]!), p95Ms: p95(times[j]!), codesRead: read[j]! }));
  writeFileSync(scanFile, JSON.stringify({ started: new Date().toISOString().slice(0, 16).replace('T', ' '), load: loadavg(), rows }));
  for (const r of rows) log(`scan ${r.density} x${r.codes}: ${fmt(r.medianMs)} / ${fmt(r.p95Ms)} ms, ${r.codesRead} codes in ${r.captures} captures`);
}
const scan = existsSync(scanFile) ? (JSON.parse(readFileSync(scanFile, 'utf8')) as { started: string; load: number[]; rows: ScanRow[] }) : undefined;

const runs = PROFILES.filter((p) => existsSync(resultFile(p.name))).map((p) => ({ profile: p, run: JSON.parse(readFileSync(resultFile(p.name), 'utf8')) as ProfileRun }));
const report = [
  '# Codes a displayed frame',
  '',
  `Written by \`npm run bench optical-codes\` (bench/optical-codes.bench.ts), ${cpus().length} CPUs shared with other work.`,
  '',
  "Each cell: trials of a message of K frames' worth at that density, shown at the display rate from a random point of its",
  `endless stream, captured by the simulated 1280x720 30 fps webcam and scanned until the message is whole (or ${PATIENCE} K + 30 pictures pass).`,
  'The picture is the square canvas the pages draw on, 1024 device pixels (full screen on a 1920x1080 monitor): 2 codes side by side',
  'are each half its width, 4 codes a 2x2 grid, each with whole-pixel modules and its own quiet zone; the simulator fits the whole',
  'picture in the camera frame. Every capture is scanned as the pages scan it (up to 4 codes, whatever is shown).',
  'Goodput = message bytes / display time until recovered, in KB/s (1000 bytes); "useful/K" = distinct frames received per source',
  'frame when it stopped; scan ms = mean time to scan one camera frame, wall clock, on a shared machine (compare within this table).',
  'A cell in bold lost a message in some trial.',
  '',
  'Profiles:',
  ...runs.map(({ profile, run }) => `- **${profile.name}**: ${profile.what}; K = ${run.k}, ${run.trials} trials a cell; run ${run.started} UTC, load average ${run.load.map((x) => x.toFixed(1)).join(' ')}.`),
  '',
  '| profile | density | codes | fps | recovered | goodput mean | goodput min | useful/K | scan ms |',
  '|---|---|---|---|---|---|---|---|---|',
  ...runs.flatMap(({ run }) => run.cells.map(row)),
  '',
  ...(scan === undefined
    ? []
    : [
        '## Scan time a camera frame',
        '',
        `(run ${scan.started} UTC, load average ${scan.load.map((x) => x.toFixed(1)).join(' ')}.) The typical camera's captures of 12 pictures of each set-up at 10`,
        'pictures a second, scanned as the pages scan (up to 4 codes, region tracking over all the codes found), the set-ups in turn capture by',
        'capture so that the load of the shared machine falls on all alike. Wall clock ms, median / 95th percentile; codes read over all captures.',
        '',
        '| density | codes | captures | scan ms | codes read |',
        '|---|---|---|---|---|',
        ...scan.rows.map((r) => `| ${r.density} | ${r.codes} | ${r.captures} | ${fmt(r.medianMs)} / ${fmt(r.p95Ms)} | ${r.codesRead} |`),
        '',
      ]),
].join('\n');
writeFileSync(join(root, 'docs/bench/optical-codes.md'), report);
process.stdout.write(report);
