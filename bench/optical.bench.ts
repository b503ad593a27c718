/**
 * Optical link benchmark. Writes docs/bench/optical.md (and bench/results/optical.json).
 *
 * 1. Decoding: ms per simulated 1280x720 camera frame, median and 95th percentile, for our scan
 *    path and for plain jsQR on the same frames in the same run (interleaved frame by frame), and
 *    the success rate of each and of zbarimg on the same frames written as PNG.
 * 2. Goodput: message bytes per second of display time through the camera simulator, for each
 *    density preset and display rate, and for a BC-UR wallet link (400-byte fragments at 5 fps).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { QR_PRESETS } from '../protocol/optical/index.ts';
import type { QrPreset } from '../protocol/optical/index.ts';
import { captureSet } from './optical/captures.ts';
import type { LabelledCapture } from './optical/captures.ts';
import { measureDecoding } from './optical/decode-speed.ts';
import type { FrameResult } from './optical/decode-speed.ts';
import { runTrial } from './optical/goodput.ts';
import type { Trial } from './optical/goodput.ts';
import { DENSITY_PRESETS } from '../protocol/frames/index.ts';
import { airsignLink } from './optical/airsign-link.ts';
import { bcurLink } from './optical/links.ts';
import type { Link } from './optical/links.ts';
import { fmt, mean, median, p95, pct } from './optical/stats.ts';

const root = join(import.meta.dirname, '..');
const log = (s: string) => process.stderr.write(`${s}\n`);
const quick = process.env.AIRSIGN_BENCH_QUICK === '1';

// ---- 1. decoding -------------------------------------------------------------------------
const decodeFrames = quick ? 4 : 10;
const streams = new Map<QrPreset, LabelledCapture[]>();
for (const [i, preset] of QR_PRESETS.entries()) streams.set(preset, captureSet(preset, decodeFrames, 10, 'typical', 100 + i));
const harsh = new Map<QrPreset, LabelledCapture[]>();
for (const [i, preset] of QR_PRESETS.entries()) harsh.set(preset, captureSet(preset, quick ? 2 : 4, 10, 'harsh', 200 + i));
const typicalResults = await measureDecoding(streams, log);
const harshResults = await measureDecoding(harsh, log);

function decodeRow(label: string, rs: readonly FrameResult[]): string {
  const ours = rs.map((r) => r.oursMs);
  const jsqr = rs.map((r) => r.jsqrMs);
  const rate = (f: (r: FrameResult) => boolean) => pct(rs.filter(f).length / rs.length);
  return `| ${label} | ${rs.length} | ${fmt(median(ours))} / ${fmt(p95(ours))} | ${fmt(median(rs.map((r) => r.oursGreyMs)))} | ${fmt(median(rs.map((r) => r.oursCpuMs)))} | ${fmt(median(jsqr))} / ${fmt(p95(jsqr))} | ${fmt(median(jsqr) / median(ours))}x | ${rate((r) => r.oursOk)} | ${rate((r) => r.jsqrOk)} | ${rate((r) => r.zbarOk)} |`;
}

// ---- 2. goodput --------------------------------------------------------------------------
const FPS = [5, 10, 15, 20, 30];
const trials = quick ? 1 : 3;
/** Source frames per message: a message of K frames, the same K for every preset. */
const K = quick ? 12 : 40;

interface GoodputCell {
  readonly link: string;
  readonly fps: number;
  readonly trials: readonly Trial[];
}

async function goodputCell(link: Link, messageBytes: number, fps: number, severity: 'typical' | 'harsh', seeds: readonly number[]): Promise<GoodputCell> {
  const message = Uint8Array.from({ length: messageBytes }, (_, i) => (i * 2654435761) >>> 24);
  const results: Trial[] = [];
  for (const seed of seeds) results.push(await runTrial(link, message, { displayFps: fps, severity, seed }));
  const ok = results.filter((t) => t.recovered).length;
  log(`goodput ${link.name} ${fps} fps ${severity}: ${ok}/${results.length} recovered, ${fmt(mean(results.map((t) => t.goodput)) / 1000, 2)} KB/s`);
  return { link: link.name, fps, trials: results };
}

function goodputRow(label: string, messageBytes: number, cells: readonly (GoodputCell | undefined)[]): string {
  const parts = cells.map((c) => {
    if (c === undefined) return '-';
    const ok = c.trials.filter((t) => t.recovered).length;
    const kbs = Math.min(...c.trials.map((t) => t.goodput)) / 1000;
    return ok === c.trials.length ? `${fmt(kbs, 1)}` : `${fmt(kbs, 1)} (${ok}/${c.trials.length})`;
  });
  return `| ${label} | ${messageBytes} | ${parts.join(' | ')} |`;
}

const airsignLinks = DENSITY_PRESETS.map((density) => ({ preset: QR_PRESETS.find((p) => p.name === density.name)!, link: airsignLink(density), messageBytes: K * density.symbolSize }));
const HARSH_FPS = [5, 10, 15, 20];
const grids = { typical: new Map<string, GoodputCell[]>(), harsh: new Map<string, GoodputCell[]>() };
for (const severity of ['typical', 'harsh'] as const) {
  for (const { preset, link, messageBytes } of airsignLinks) {
    const cells: GoodputCell[] = [];
    for (const fps of severity === 'typical' ? FPS : HARSH_FPS) {
      cells.push(await goodputCell(link, messageBytes, fps, severity, Array.from({ length: trials }, (_, i) => (severity === 'typical' ? 1000 : 3000) + i)));
    }
    grids[severity].set(preset.name, cells);
  }
}
const bcurBytes = quick ? 4000 : 16_000;
const bcur = await goodputCell(bcurLink(400), bcurBytes, 5, 'typical', Array.from({ length: trials }, (_, i) => 2000 + i));
const bcurOverhead = mean(bcur.trials.map((t) => t.framesUseful / t.sourceFrames));

// ---- report ------------------------------------------------------------------------------
const all = typicalResults;
const lines = [
  '# Optical link benchmark',
  '',
  `Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}.`,
  'Frames: full-capacity payloads at each preset, shown at 10 fps and captured by the camera simulator (1280x720, 30 fps).',
  '',
  '## Decoding one camera frame',
  '',
  'Times in ms: median / 95th percentile, wall clock. "ours" is the scan path on RGBA input (what a canvas readback gives);',
  '"grey" the same on luma (what a camera VideoFrame gives); "CPU" is process CPU time of "ours", steadier on a shared machine.',
  'jsQR is called plainly (`jsQR(rgba, 1280, 720)`) on the same frames, frame by frame in turn with ours. A success is a',
  'decode equal to one of the frames the capture saw; zbarimg reads the same pixels written as PNG.',
  '',
  '| frames | n | ours | grey | CPU | plain jsQR | jsQR / ours | ours ok | jsQR ok | zbarimg ok |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...QR_PRESETS.map((p) => decodeRow(`typical, ${p.name}`, all.filter((r) => r.preset === p.name))),
  decodeRow('**typical, all presets**', all),
  decodeRow('**harsh, all presets**', harshResults),
  '',
  '## Goodput',
  '',
  `Message bytes per second of display time, in KB/s (1000 bytes), until the message is whole; the worst of ${trials} trial(s) from random`,
  `starting points in the stream. Each airsign message is ${K} frames' worth at its preset (K = ${K}). "(n/m)": recovered in n of m trials`,
  'within six times the ideal display time.',
  '',
  '### Typical camera',
  '',
  `| link | message bytes | ${FPS.map((f) => `${f} fps`).join(' | ')} |`,
  `|---|---|${FPS.map(() => '---').join('|')}|`,
  ...airsignLinks.map(({ preset, messageBytes }) => goodputRow(`airsign ${preset.name}`, messageBytes, grids.typical.get(preset.name)!)),
  goodputRow('BC-UR wallet link, 400-byte fragments', bcurBytes, FPS.map((f) => (f === 5 ? bcur : undefined))),
  '',
  '### Harsh camera',
  '',
  `| link | message bytes | ${HARSH_FPS.map((f) => `${f} fps`).join(' | ')} |`,
  `|---|---|${HARSH_FPS.map(() => '---').join('|')}|`,
  ...airsignLinks.map(({ preset, messageBytes }) => goodputRow(`airsign ${preset.name}`, messageBytes, grids.harsh.get(preset.name)!)),
  '',
  `BC-UR needed ${fmt(bcurOverhead, 2)} × K distinct parts on average (its fountain overhead, measured here; K = ${bcur.trials[0]?.sourceFrames}).`,
  '',
];
mkdirSync(join(root, 'docs/bench'), { recursive: true });
writeFileSync(join(root, 'docs/bench/optical.md'), lines.join('\n'));
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/optical.json'),
  JSON.stringify({ typicalResults, harshResults, typical: Object.fromEntries(grids.typical), harsh: Object.fromEntries(grids.harsh), bcur }, null, 1),
);
process.stdout.write(`${lines.join('\n')}\n`);
