/**
 * Goodput with 1, 2 and 4 codes a displayed frame, each density, at the default display rate
 * and the best one, through the typical simulated 720p webcam. Prints one markdown row a cell.
 * Run: npx tsx bench/optical/multicode-table.ts  (AIRSIGN_BENCH_GOODPUT_FRAMES, _TRIALS,
 * AIRSIGN_BENCH_DENSITIES=dense,max, AIRSIGN_BENCH_FPS=10,15 narrow it).
 */
import { DENSITY_PRESETS } from '../../protocol/frames/index.ts';
import { airsignLink } from './airsign-link.ts';
import { runTrial } from './goodput.ts';

const k = Number(process.env.AIRSIGN_BENCH_GOODPUT_FRAMES ?? 40);
const trials = Number(process.env.AIRSIGN_BENCH_GOODPUT_TRIALS ?? 2);
const densities = (process.env.AIRSIGN_BENCH_DENSITIES ?? DENSITY_PRESETS.map((d) => d.name).join(',')).split(',');
const rates = (process.env.AIRSIGN_BENCH_FPS ?? '10,15').split(',').map(Number);
const codesList = (process.env.AIRSIGN_BENCH_CODES ?? '1,2,4').split(',').map(Number);

console.log(`| density | codes | fps | recovered | goodput KB/s (mean, min) | scan ms a camera frame |`);
console.log(`|---|---|---|---|---|---|`);
for (const density of DENSITY_PRESETS.filter((d) => densities.includes(d.name))) {
  for (const codes of codesList) {
    const link = airsignLink(density, codes);
    const bytes = k * density.symbolSize;
    const message = Uint8Array.from({ length: bytes }, (_, i) => (i * 2654435761) >>> 24);
    for (const fps of rates) {
      const results = [];
      for (let s = 0; s < trials; s++) results.push(await runTrial(link, message, { displayFps: fps, severity: 'typical', seed: 1000 + s }));
      const ok = results.filter((t) => t.recovered).length;
      const kbs = results.map((t) => t.goodput / 1000);
      const scan = results.reduce((a, t) => a + (t.scanMs ?? 0), 0) / Math.max(1, results.reduce((a, t) => a + (t.captures ?? 0), 0));
      console.log(`| ${density.name} | ${codes} | ${fps} | ${ok}/${trials} | ${(kbs.reduce((a, b) => a + b, 0) / kbs.length).toFixed(1)}, ${Math.min(...kbs).toFixed(1)} | ${scan.toFixed(1)} |`);
    }
  }
}
