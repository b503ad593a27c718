/**
 * Optical link benchmark: writes docs/bench/optical.md, keeping raw results in
 * bench/results/optical.json.
 *
 * 1. decode: ms per simulated 1280x720 camera frame, median and 95th percentile, for our scan path
 *    and for plain jsQR on the same frames in the same run (interleaved frame by frame), and the
 *    success rate of each and of zbarimg on the same frames written as PNG.
 * 2. goodput: message bytes per second of display time through the camera simulator, for each
 *    density preset and display rate, typical and harsh camera, beside a BC-UR wallet link.
 * 3. conditions: a camera slowed to 15 fps by low light, and how much of the frame the code must fill.
 *
 * AIRSIGN_BENCH_PARTS=decode (or goodput, conditions, comma-separated) runs only those parts and
 * keeps the others' last results; AIRSIGN_BENCH_QUICK=1 runs a small version of each.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conditionsPart, decodePart, goodputPart } from './optical/parts.ts';
import { renderReport } from './optical/report.ts';
import type { Results } from './optical/report.ts';

const root = join(import.meta.dirname, '..');
const log = (s: string) => process.stderr.write(`${s}\n`);
const quick = process.env.AIRSIGN_BENCH_QUICK === '1';
const parts = (process.env.AIRSIGN_BENCH_PARTS ?? 'decode,goodput,conditions').split(',').map((s) => s.trim());
const rawFile = join(root, 'bench/results/optical.json');

mkdirSync(join(root, 'bench/results'), { recursive: true });
const results: Results = existsSync(rawFile) && parts.length < 3 ? (JSON.parse(readFileSync(rawFile, 'utf8')) as Results) : {};
const save = () => writeFileSync(rawFile, JSON.stringify(results));

if (parts.includes('decode')) {
  results.decode = await decodePart(quick, log);
  save();
}
if (parts.includes('goodput')) {
  results.goodput = await goodputPart(quick, log);
  save();
}
if (parts.includes('conditions')) {
  results.conditions = await conditionsPart(quick, log);
  save();
}
const report = renderReport(results);
writeFileSync(join(root, 'docs/bench/optical.md'), `${report}\n`);
process.stdout.write(`${report}\n`);
