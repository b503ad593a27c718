/**
 * Runs the real signer program in this process once per command line in the JSON file argv[2],
 * one after another, and prints each exit status and the memory each run added above the
 * process's own baseline: `{"statuses":[...],"baselineRssBytes":N,"growthBytes":[...]}` as the
 * last line of stdout.
 *
 * Measured here: node with tsx and the signer's modules loaded is about 120 MB resident; the
 * first signing run adds about 20 MB more (the PKCS#11 module and its token, the signing thread,
 * the fountain code's wasm), and, without a collection, garbage then piles up by a few MB per run
 * until V8 gets to it (lazy GC: 15 benign runs moved the resident size from 140 to 160 MB). So the
 * process's peak RSS says more about load and GC timing than about any input. What an input can
 * cost is what its own run adds: the argv[3] warm-up runs come first (everything loaded once), and
 * before each run a full collection and a reset of the kernel's peak-RSS mark
 * (/proc/self/clear_refs, "5"); after it, the peak (VmHWM) less the resident size before it. An
 * input that made the signer allocate by a declared size (4 GiB and up here) shows as gigabytes.
 * Needs --expose-gc.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { main } from '../../../offline/cli/main.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('rss-run needs node --expose-gc');
const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) * 1024;

const runs = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[][];
const warmUp = Number(process.argv[3] ?? '0');
const statuses: number[] = [];
const growthBytes: number[] = [];
let baselineRssBytes = 0;
for (const [i, argv] of runs.entries()) {
  gc();
  const before = kib('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5'); // peak RSS := current RSS
  const status = await main(argv);
  if (i < warmUp) {
    baselineRssBytes = before;
    continue;
  }
  statuses.push(status);
  growthBytes.push(kib('VmHWM') - before);
}
process.stdout.write(`\n${JSON.stringify({ statuses, baselineRssBytes, growthBytes })}\n`);
