/**
 * Start-up benchmark: wall time of whole program runs, each against `node -e 0` measured in the
 * same run, interleaved round by round so load on the machine falls on all of them alike. The
 * programs run prebuilt (prebuilt/build.js, built first if stale) and, for comparison, from source
 * through tsx (AIRSIGN_FROM_SOURCE=1, as every start was before). Writes docs/bench/startup.md.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const airsign = join(root, 'online/cli/airsign.js');
const signer = join(root, 'offline/cli/airsign-signer.js');
const apk = join(root, 'node_modules/io.appium.settings/apks/settings_apk-debug.apk');

const build = spawnSync(process.execPath, [join(root, 'prebuilt/build.js'), '--if-stale'], { encoding: 'utf8' });
if (build.status !== 0) throw new Error(`prebuilt/build.js failed: ${build.stderr}`);

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  readonly source?: boolean;
}
const cases: Case[] = [
  { label: '`node -e 0`', args: ['-e', '0'] },
  { label: '`airsign --help`', args: [airsign, '--help'] },
  { label: '`airsign-signer --help`', args: [signer, '--help'] },
  { label: '`airsign version`', args: [airsign, 'version'] },
  { label: '`airsign inspect` (sample APK, 3 MB)', args: [airsign, 'inspect', apk] },
  { label: '`airsign --help`, from source (tsx)', args: [airsign, '--help'], source: true },
  { label: '`airsign-signer --help`, from source (tsx)', args: [signer, '--help'], source: true },
];

const times = cases.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  cases.forEach((c, i) => {
    if (c.source === true && round >= Math.min(ROUNDS, 5)) return; // the slow old way: 5 runs are enough to show it
    const env = { ...process.env, AIRSIGN_FROM_SOURCE: c.source === true ? '1' : '' };
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr}`);
    times[i]!.push(ms);
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const base = median(times[0]!);
const lines = [
  '# Start-up',
  '',
  `Wall time of whole runs, median of ${ROUNDS} each (5 for the runs from source), interleaved round by round, against \`node -e 0\` in the same run. ` +
    `Node ${process.versions.node}, ${cpus().length} cores, load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}. ` +
    'Written by `npm run bench startup` (bench/startup.bench.ts).',
  '',
  '| run | median ms | min ms | ratio to `node -e 0` |',
  '|---|---:|---:|---:|',
  ...cases.map((c, i) => `| ${c.label} | ${median(times[i]!).toFixed(0)} | ${Math.min(...times[i]!).toFixed(0)} | ${(median(times[i]!) / base).toFixed(2)} |`),
  '',
  'The prebuilt programs check each source file\'s mtime against the build (about 260 stats for `airsign`), then load only the command table; ' +
    'a command\'s own code (and its packages) loads when it runs.',
  '',
];
writeFileSync(join(root, 'docs', 'bench', 'startup.md'), lines.join('\n'));
process.stdout.write(lines.join('\n'));
