/**
 * Fountain benchmark: frames received before the transfer decodes, as a multiple of K, from random
 * starting points in the stream, with and without 30% random frame loss; our RaptorQ frames side by
 * side with BC-UR's fountain (@ngraveio/bc-ur) at the same payload size, in the same run. Then the
 * CPU time to encode and decode a frame at 1 KB payloads. Writes docs/bench/fountain.md and
 * bench/results/fountain.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import encoderModule from '@ngraveio/bc-ur/dist/fountainEncoder.js';
import decoderModule from '@ngraveio/bc-ur/dist/fountainDecoder.js';
import { loadFountain } from '../node/wasm.ts';
import { FrameDecoder, FrameEncoder } from '../protocol/frames/index.ts';
import type { BcurTrial } from './fountain-bcur-trial.ts';
import { runBcurTrial } from './fountain-bcur-trial.ts';
import { seededRandom } from '../test/support/seeded-random.ts';

loadFountain();

const SYMBOL_SIZE = 1024;
const LOSSES = [0, 0.3];
/** Trials per (K, loss). BC-UR's decoder takes 2-3 s per transfer at K = 100 and minutes at K = 1000, hence its few trials there. */
const PLAN = process.env.FOUNTAIN_BENCH_QUICK === '1'
  ? [{ k: 10, ours: 50, bcur: 20 }, { k: 100, ours: 20, bcur: 2 }]
  : [
      { k: 10, ours: 2000, bcur: 300 },
      { k: 100, ours: 500, bcur: 10 },
      { k: 1000, ours: 100, bcur: 1 },
    ];
/** Starting points are drawn from the first 10 K positions of each stream. */
const START_RANGE = 10;

function randomTransfer(length: number, random: () => number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

interface Summary {
  readonly trials: number;
  readonly mean: number;
  readonly p95: number;
  readonly max: number;
}

function summarize(received: number[]): Summary {
  const sorted = [...received].sort((a, b) => a - b);
  return {
    trials: sorted.length,
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    p95: sorted[Math.ceil(0.95 * sorted.length) - 1]!,
    max: sorted[sorted.length - 1]!,
  };
}

/** Our frames: one encoder per K, a fresh decoder per trial, frames taken from a random start. */
function oursTrials(k: number, loss: number, trials: number, seed: number): number[] {
  const random = seededRandom(seed);
  const transfer = randomTransfer(k * SYMBOL_SIZE, random);
  const encoder = new FrameEncoder(transfer, { symbolSize: SYMBOL_SIZE });
  const out: number[] = [];
  for (let t = 0; t < trials; t++) {
    const decoder = new FrameDecoder();
    let received = 0;
    for (let position = Math.floor(random() * START_RANGE * k); !decoder.complete; position++) {
      if (random() < loss) continue;
      received++;
      decoder.push(encoder.frameAt(position));
    }
    if (!decoder.result().every((b, i) => b === transfer[i])) throw new Error('decoded the wrong transfer');
    decoder.dispose();
    out.push(received);
  }
  encoder.dispose();
  return out;
}

/** BC-UR trials on a small pool of worker threads. */
async function bcurTrials(jobs: BcurTrial[]): Promise<number[]> {
  const results: number[] = new Array(jobs.length);
  let next = 0;
  const workerUrl = new URL('./fountain-bcur-worker.js', import.meta.url);
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index]!;
      // Small transfers are quicker in this thread than a worker's start-up.
      if (job.k <= 10) {
        results[index] = runBcurTrial(job);
        continue;
      }
      results[index] = await new Promise<number>((resolveTrial, reject) => {
        const worker = new Worker(workerUrl, { workerData: job });
        worker.once('message', (n: number) => resolveTrial(n));
        worker.once('error', reject);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(2, cpus().length)) }, lane));
  return results;
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

interface Timing {
  readonly k: number;
  readonly code: string;
  readonly setupMs: number;
  readonly encodeUs: number;
  readonly decodeUs: number;
  readonly frames: number;
  readonly repetitions: number;
}

/** CPU time per frame at 1 KB payloads. Decoding is timed from the repair part of the stream, the costly case. */
function timeOurs(k: number): Timing {
  const transfer = randomTransfer(k * SYMBOL_SIZE, seededRandom(k));
  let t0 = cpuMicros();
  const encoder = new FrameEncoder(transfer, { symbolSize: SYMBOL_SIZE });
  const setupMs = (cpuMicros() - t0) / 1000;
  const n = encoder.cycleLength;
  t0 = cpuMicros();
  const frames = Array.from({ length: n }, () => encoder.next());
  const encodeUs = (cpuMicros() - t0) / n;
  encoder.dispose();
  const decoder = new FrameDecoder();
  let pushed = 0;
  t0 = cpuMicros();
  for (const f of frames.slice(k)) {
    pushed++;
    if (decoder.push(f).status === 'complete') break;
  }
  const decodeUs = (cpuMicros() - t0) / pushed;
  decoder.dispose();
  return { k, code: 'airsign RaptorQ frames', setupMs, encodeUs, decodeUs, frames: n, repetitions: 1 };
}

/** The median of each figure over a few repetitions: the machine may be shared, and one run can be unlucky. */
function medianOf(repetitions: number, run: () => Timing): Timing {
  const runs = Array.from({ length: repetitions }, run);
  const median = (pick: (t: Timing) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(repetitions / 2)]!;
  return { ...runs[0]!, setupMs: median((t) => t.setupMs), encodeUs: median((t) => t.encodeUs), decodeUs: median((t) => t.decodeUs), repetitions };
}

function timeBcur(k: number): Timing {
  const random = seededRandom(k);
  const message = Buffer.from(randomTransfer(k * SYMBOL_SIZE, random));
  let t0 = cpuMicros();
  const encoder = new encoderModule.default(message, SYMBOL_SIZE, k);
  const setupMs = (cpuMicros() - t0) / 1000;
  const n = 3 * k;
  t0 = cpuMicros();
  const parts = Array.from({ length: n }, () => encoder.nextPart());
  const encodeUs = (cpuMicros() - t0) / n;
  const decoder = new decoderModule.default();
  let pushed = 0;
  t0 = cpuMicros();
  for (const p of parts) {
    pushed++;
    decoder.receivePart(p);
    if (decoder.isComplete()) break;
  }
  const decodeUs = (cpuMicros() - t0) / pushed;
  return { k, code: 'BC-UR fountain', setupMs, encodeUs, decodeUs, frames: n, repetitions: 1 };
}

async function main(): Promise<void> {
  const began = performance.now();
  const load = loadavg()[0]!;
  process.stdout.write('timing encode/decode per frame ...\n');
  timeOurs(100); // warm up: compile the wasm and the hot paths before anything is timed
  timeBcur(10);
  const timings = [medianOf(7, () => timeOurs(100)), medianOf(3, () => timeBcur(100)), medianOf(3, () => timeOurs(1000))];
  for (const t of timings) process.stdout.write(`  ${t.code} K=${t.k}: encode ${t.encodeUs.toFixed(1)} µs, decode ${t.decodeUs.toFixed(1)} µs per frame\n`);

  // Every BC-UR trial goes into one pool up front, the slowest (largest K) first, so both cores
  // work on them while this thread runs our trials.
  const conditions = PLAN.flatMap(({ k, ours, bcur }) => LOSSES.map((loss) => ({ k, loss, ours, bcur })));
  const jobs = conditions.flatMap((c, ci) => {
    const random = seededRandom(7919 * (ci + 1));
    return Array.from({ length: c.bcur }, (_, i) => ({ ci, trial: { k: c.k, symbolSize: SYMBOL_SIZE, start: Math.floor(random() * START_RANGE * c.k), loss: c.loss, seed: 1000 * (ci + 1) + i } }));
  });
  jobs.sort((a, b) => b.trial.k - a.trial.k);
  process.stdout.write(`${jobs.length} BC-UR trials started on worker threads (the two at K=1000 take minutes)\n`);
  const bcurPending = bcurTrials(jobs.map((j) => j.trial));
  const oursResults = conditions.map((c, ci) => {
    process.stdout.write(`RaptorQ: K=${c.k} loss=${c.loss * 100}%: ${c.ours} trials\n`);
    return summarize(oursTrials(c.k, c.loss, c.ours, ci + 1));
  });
  const bcurCounts = await bcurPending;
  const rows = conditions.map((c, ci) => ({
    k: c.k,
    loss: c.loss,
    ours: oursResults[ci]!,
    bcur: summarize(bcurCounts.filter((_, ji) => jobs[ji]!.ci === ci)),
  }));
  const seconds = (performance.now() - began) / 1000;
  writeReport(rows, timings, seconds, load);
}

function fmt(x: number, digits = 3): string {
  return x.toFixed(digits);
}

function writeReport(
  rows: { k: number; loss: number; ours: Summary; bcur: Summary }[],
  timings: Timing[],
  seconds: number,
  load: number,
): void {
  const lines = [
    '# Fountain benchmark',
    '',
    `Written by \`npm run bench fountain\` (bench/fountain.bench.ts) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}); the run took ${Math.round(seconds)} s; load average ${load.toFixed(1)} when it began (other work on the machine slows the timings below).`,
    '',
    '## Frames received before the transfer decodes',
    '',
    `Payload (symbol) size ${SYMBOL_SIZE} bytes for both codes. Each trial starts at a random position among the first ${START_RANGE} K of the stream and`,
    'loses each frame independently with the given probability; "received" counts only the frames that arrive, duplicates included.',
    'Ours is the whole frame stack (FrameEncoder → FrameDecoder: header, CRC, RaptorQ, digest check). BC-UR is its fountain layer',
    '(FountainEncoder/FountainDecoder of @ngraveio/bc-ur 1.1.13) at the same fragment length, without its text encoding.',
    'Target for ours: mean ≤ 1.02 K and 95th percentile ≤ 1.05 K + 1 at every K.',
    '',
    '| K | loss | code | trials | mean / K | p95 (frames) | p95 / K | max / K | target |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const met = r.ours.mean <= 1.02 * r.k && r.ours.p95 <= 1.05 * r.k + 1;
    lines.push(`| ${r.k} | ${r.loss * 100}% | RaptorQ (ours) | ${r.ours.trials} | ${fmt(r.ours.mean / r.k)} | ${r.ours.p95} | ${fmt(r.ours.p95 / r.k)} | ${fmt(r.ours.max / r.k)} | ${met ? 'met' : 'MISSED'} |`);
    lines.push(`| ${r.k} | ${r.loss * 100}% | BC-UR | ${r.bcur.trials} | ${fmt(r.bcur.mean / r.k)} | ${r.bcur.p95} | ${fmt(r.bcur.p95 / r.k)} | ${fmt(r.bcur.max / r.k)} | |`);
  }
  lines.push('', 'BC-UR needs, on average, this many times the frames ours needs (ratio of means):', '');
  lines.push('| K | loss | BC-UR mean / ours mean |', '|---:|---:|---:|');
  for (const r of rows) lines.push(`| ${r.k} | ${r.loss * 100}% | ${fmt(r.bcur.mean / r.ours.mean, 2)} |`);
  lines.push(
    '',
    '## CPU time per frame, 1 KB payloads',
    '',
    'Process CPU time (user + system), the median of several repetitions (last column). Encoding: one full cycle of the stream',
    '(3 K frames, repair batches included) after setup.',
    'Decoding: frames from the repair part of the stream (no source symbol arrives, so every one is solved for), up to completion,',
    'the final solve included; for ours this is header parse, CRC, RaptorQ and the SHA-256 digest check.',
    '',
    '| K | code | setup (ms) | encode per frame (µs) | decode per frame (µs) | repetitions |',
    '|---:|---|---:|---:|---:|---:|',
  );
  for (const t of timings) lines.push(`| ${t.k} | ${t.code} | ${fmt(t.setupMs, 1)} | ${fmt(t.encodeUs, 1)} | ${fmt(t.decodeUs, 1)} | ${t.repetitions} |`);
  const ours100 = timings.find((t) => t.k === 100 && t.code.startsWith('airsign'))!;
  const bcur100 = timings.find((t) => t.k === 100 && t.code.startsWith('BC-UR'))!;
  lines.push('', `At K = 100, BC-UR's decoder takes ${fmt(bcur100.decodeUs / ours100.decodeUs, 1)}× our decode time per frame; its encoder ${fmt(bcur100.encodeUs / ours100.encodeUs, 1)}× ours.`, '');
  const report = lines.join('\n');
  const root = resolve(import.meta.dirname, '..');
  const doc = resolve(root, 'docs/bench/fountain.md');
  mkdirSync(dirname(doc), { recursive: true });
  writeFileSync(doc, report);
  const raw = resolve(root, 'bench/results/fountain.json');
  mkdirSync(dirname(raw), { recursive: true });
  writeFileSync(raw, JSON.stringify({ symbolSize: SYMBOL_SIZE, rows, timings, seconds }, null, 2));
  process.stdout.write(`${report}\n`);
}

await main();
