/**
 * APK signing benchmark: airsign's prepare + assemble of every round (signatures from a software
 * key) against Google's apksigner on the same APKs (small, about 18 MB, about 50 MB; v2 + v3 and
 * v1 + v2 + v3) with the same RSA 3072 key, in the same run. Two like-for-like comparisons:
 *   cold: one signing per fresh process, timed from outside with GNU time: our bundled signing
 *         path under plain node against `apksigner sign` (start-up included: Node's, the JVM's).
 *   warm: many signings in one process, each timed inside: our signArtifact in a loop against
 *         apksig's ApkSigner (the library behind `apksigner sign`) in a loop in one JVM
 *         (bench/apksig/WarmApkSigner.java, compiled here with javac).
 * Both sides fsync their output (airsign always does). Also the start-up of each side's command
 * line doing nothing (`version`). Both sides are asked for the same schemes (apksigner's v1 flag
 * from the minimum SDK, v4 off), and every output is checked with `apksigner verify` and
 * `zipalign -c -p 4`. Writes docs/bench/apk.md and bench/results/apk.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { testKey } from '../test/support/software-keys.ts';
import { apksignerVerify, scratchDir, zipalignOk } from '../test/support/tools.ts';
import { buildBenchApk } from './apk-fixture.ts';
import type { BenchApkSize } from './apk-fixture.ts';

const RUNS = Number(process.env.APK_BENCH_RUNS ?? 5);
const WARMUPS = 3;
const APKSIG_JAR = '/usr/share/java/apksig.jar';
/** The heap limit the Debian apksigner script gives the JVM, for the warm harness too. */
const JVM_HEAP = '-Xmx1024M';
const root = resolve(import.meta.dirname, '..');
const results = join(root, 'bench', 'results');
mkdirSync(results, { recursive: true });
const dir = scratchDir('bench-apk');

interface ProcessRun { wallS: number; cpuS: number; maxRssKb: number; stdout: string }
interface InnerSamples { ms: number[]; cpuMs: number[] }

function timed(command: string, args: readonly string[]): ProcessRun {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const line = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || line === null) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return { wallS: Number(line[1]), cpuS: Number(line[2]) + Number(line[3]), maxRssKb: Number(line[4]), stdout: r.stdout };
}

const lastJson = (run: ProcessRun): InnerSamples & { maxRssKb?: number } => JSON.parse(run.stdout.trim().split('\n').pop()!);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Config {
  size: BenchApkSize;
  bytes: number;
  entries: number;
  minSdk: number;
  schemes: string;
  cold: { ours: ProcessRun[]; apksigner: ProcessRun[] };
  warm: { ours: InnerSamples; apksig: InnerSamples; oursRssKb: number; apksigRssKb: number };
}

async function main(): Promise<void> {
  const worker = join(dir, 'apk-sign-worker.mjs');
  await build({ entryPoints: [join(root, 'bench', 'apk-sign-worker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: worker, logLevel: 'error' });
  const classes = join(dir, 'classes');
  const javac = spawnSync('javac', ['-d', classes, '-cp', APKSIG_JAR, join(root, 'bench', 'apksig', 'WarmApkSigner.java')], { encoding: 'utf8' });
  if (javac.status !== 0) throw new Error(`javac failed: ${javac.stderr}`);
  const key = testKey('rsa3072');
  const certDer = join(key.dir, 'cert.der');
  writeFileSync(certDer, key.certificateDer);

  const startup = { ours: [] as ProcessRun[], apksigner: [] as ProcessRun[] };
  for (let i = 0; i < RUNS; i++) {
    startup.ours.push(timed(process.execPath, [join(root, 'online', 'cli', 'airsign.js'), 'version']));
    startup.apksigner.push(timed('apksigner', ['version']));
  }
  process.stdout.write(`start-up: airsign ${median(startup.ours.map((r) => r.wallS))} s, apksigner ${median(startup.apksigner.map((r) => r.wallS))} s\n`);

  const configs: Config[] = [];
  for (const size of ['small', 'large', 'huge'] as const) {
    for (const minSdk of [26, 21]) {
      const input = join(dir, `${size}-${minSdk}.apk`);
      writeFileSync(input, buildBenchApk(minSdk, size));
      const v1 = String(minSdk < 24);
      const ourOut = join(dir, `ours-${size}-${minSdk}.apk`);
      const theirOut = join(dir, `apksigner-${size}-${minSdk}.apk`);
      const cold = { ours: [] as ProcessRun[], apksigner: [] as ProcessRun[] };
      for (let i = 0; i < RUNS; i++) {
        cold.ours.push(timed(process.execPath, [worker, 'once', input, ourOut, key.keyPath, certDer]));
        // `sync FILE` makes apksigner's output durable, as ours is (fsynced before its rename).
        cold.apksigner.push(timed('sh', ['-c', 'apksigner sign --key "$1" --cert "$2" --v1-signing-enabled "$3" --v4-signing-enabled false --out "$4" "$5" && sync "$4"',
          'sh', key.keyPath, key.certPath, v1, theirOut, input]));
      }
      const warmOurs = timed(process.execPath, [worker, 'loop', input, `${ourOut}.warm`, key.keyPath, certDer, String(WARMUPS), String(RUNS)]);
      const warmApksig = timed('java', [JVM_HEAP, '-cp', `${classes}:${APKSIG_JAR}`, 'WarmApkSigner', input, `${theirOut}.warm`, key.keyPath, key.certPath, v1, String(WARMUPS), String(RUNS)]);
      const schemes = new Set<string>();
      for (const out of [ourOut, theirOut, `${ourOut}.warm`, `${theirOut}.warm`]) {
        const v = apksignerVerify(out);
        if (!v.ok) throw new Error(`${out} does not verify: ${v.output}`);
        if (!zipalignOk(out)) throw new Error(`${out} is not zipaligned`);
        schemes.add(v.schemes.join(' + '));
      }
      if (schemes.size !== 1) throw new Error(`the outputs of ${size}-${minSdk} carry different schemes: ${[...schemes].join(' / ')}`);
      const config: Config = {
        size, bytes: statSync(input).size, entries: size === 'small' ? 226 : size === 'large' ? 4001 : 4009, minSdk, schemes: [...schemes][0]!, cold,
        warm: { ours: lastJson(warmOurs), apksig: lastJson(warmApksig), oursRssKb: warmOurs.maxRssKb, apksigRssKb: warmApksig.maxRssKb },
      };
      configs.push(config);
      process.stdout.write(`${size} minSdk ${minSdk} (${config.schemes}): cold ${median(cold.ours.map((r) => r.wallS))} s vs ${median(cold.apksigner.map((r) => r.wallS))} s; `
        + `warm ${median(config.warm.ours.ms).toFixed(0)} ms vs ${median(config.warm.apksig.ms).toFixed(0)} ms\n`);
    }
  }
  const lines = report(configs, startup);
  writeFileSync(join(root, 'docs', 'bench', 'apk.md'), lines.join('\n'));
  writeFileSync(join(results, 'apk.json'), JSON.stringify({ runs: RUNS, warmups: WARMUPS, loadavg: loadavg(), startup, configs }, null, 2));
  process.stdout.write(`${lines.join('\n')}\n`);
}

function report(configs: readonly Config[], startup: { ours: ProcessRun[]; apksigner: ProcessRun[] }): string[] {
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  const s = (x: number) => `${x.toFixed(2)} s`;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const sizeName = (c: Config) => `${c.size}, ${(c.bytes / 1e6).toFixed(1)} MB, ${c.entries} entries`;
  const lines = [
    '# APK signing: airsign against apksigner',
    '',
    `Generated by \`npm run bench apk\` (bench/apk.bench.ts) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model.trim()}), `
      + `${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end of the run `
      + '(the machine was shared: both sides ran alternately under the same load, so the ratios are fairer than the absolute times).',
    '',
    'Inputs: generated APKs shaped like apps (dex, resources table, layouts, stored images, native libraries, assets; the huge one adds 32 MB '
      + 'of stored media), zipaligned. Key: RSA 3072 (SHA-256), the same PKCS#8 key and certificate for both sides. minSdk 26 asks for v2 + v3 '
      + '(one round for airsign); minSdk 21 for v1 + v2 + v3 (two rounds: v2 covers the v1 files). apksigner is told the same schemes '
      + '(`--v1-signing-enabled` from the minimum SDK, as 0.9 otherwise always adds v1; v4 off). Every output of both sides passes '
      + '`apksigner verify` with the same schemes and `zipalign -c -p 4` (checked by the benchmark). Both sides make their output durable: '
      + 'airsign fsyncs each output before renaming it into place (the pipeline must not lose a signed file), so apksigner\'s output is fsynced '
      + 'too (`sync FILE` in the same timed command; `FileChannel.force` in the warm harness).',
    '',
    `## Cold: one signing per process, the whole process timed (median of ${RUNS}, alternating)`,
    '',
    'airsign: the signing path (prepare → to-be-signed bytes → software signer → assemble, every round, each output written and fsynced) '
      + 'bundled with esbuild and run by plain node, one signing per process. apksigner: `apksigner sign --key --cert --out` then `sync` of its output, a fresh JVM each time. '
      + 'Wall time, CPU time (user + system, all threads) and peak RSS of each whole process from GNU time.',
    '',
    '| APK | schemes | wall: airsign | wall: apksigner | **wall ratio** | CPU: airsign | CPU: apksigner | CPU ratio | peak RSS: airsign | peak RSS: apksigner |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of configs) {
    const ow = median(c.cold.ours.map((r) => r.wallS));
    const tw = median(c.cold.apksigner.map((r) => r.wallS));
    const oc = median(c.cold.ours.map((r) => r.cpuS));
    const tc = median(c.cold.apksigner.map((r) => r.cpuS));
    lines.push(`| ${sizeName(c)} | ${c.schemes} | ${s(ow)} | ${s(tw)} | **${ratio(ow, tw)}** | ${s(oc)} | ${s(tc)} | ${ratio(oc, tc)} | `
      + `${mb(median(c.cold.ours.map((r) => r.maxRssKb)))} | ${mb(median(c.cold.apksigner.map((r) => r.maxRssKb)))} |`);
  }
  lines.push(
    '',
    `## Warm: signing after signing in one process (median of ${RUNS} timed signings after ${WARMUPS} untimed)`,
    '',
    'airsign: signArtifact in a loop (as the long-running pipeline signs artifact after artifact). apksig: `ApkSigner.Builder(...).sign()` '
      + `in a loop in one JVM (${JVM_HEAP}, as the apksigner script gives it), bench/apksig/WarmApkSigner.java against ${APKSIG_JAR}. `
      + 'Each signing timed inside its process; CPU time is the process\'s (all threads, GC included) over that signing. Peak RSS of the whole looping process.',
    '',
    '| APK | schemes | wall: airsign | wall: apksig | **wall ratio** | CPU: airsign | CPU: apksig | CPU ratio | peak RSS: airsign | peak RSS: apksig |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const c of configs) {
    const ow = median(c.warm.ours.ms) / 1000;
    const tw = median(c.warm.apksig.ms) / 1000;
    const oc = median(c.warm.ours.cpuMs) / 1000;
    const tc = median(c.warm.apksig.cpuMs) / 1000;
    lines.push(`| ${sizeName(c)} | ${c.schemes} | ${s(ow)} | ${s(tw)} | **${ratio(ow, tw)}** | ${s(oc)} | ${s(tc)} | ${ratio(oc, tc)} | ${mb(c.warm.oursRssKb)} | ${mb(c.warm.apksigRssKb)} |`);
  }
  const so = median(startup.ours.map((r) => r.wallS));
  const sa = median(startup.apksigner.map((r) => r.wallS));
  const huge = configs.filter((c) => c.size === 'huge');
  const hugeRss = Math.max(...huge.map((c) => median(c.cold.ours.map((r) => r.maxRssKb))));
  lines.push(
    '',
    '## Start-up of each command line doing nothing',
    '',
    `\`node online/cli/airsign.js version\` (the checkout's command, TypeScript loaded through tsx): ${s(so)}; \`apksigner version\` (JVM start-up): ${s(sa)}; `
      + `ratio ${ratio(so, sa)} (median of ${RUNS}, wall time). The cold airsign rows above run a bundled build instead, which starts in well under this; `
      + 'the checkout\'s command line has no command that signs with a local key (signing goes through the offline signer), so its own start-up is given here on its own.',
    '',
    '## Targets',
    '',
    'Issue target: prepare plus assemble at most 0.5 of apksigner\'s wall time on the about 18 MB APK; peak memory well below the APK\'s size plus 100 MB.',
    ...configs.filter((c) => c.size === 'large').map((c) => {
      const coldRatio = median(c.cold.ours.map((r) => r.wallS)) / median(c.cold.apksigner.map((r) => r.wallS));
      const warmRatio = median(c.warm.ours.ms) / median(c.warm.apksig.ms);
      return `- 18 MB, ${c.schemes}: cold ${coldRatio.toFixed(2)} (${coldRatio <= 0.5 ? 'met' : 'not met'}), warm ${warmRatio.toFixed(2)} (${warmRatio <= 0.5 ? 'met' : 'not met'}).`;
    }),
    `- Memory: peak RSS of the whole airsign process signing the ${(huge[0]!.bytes / 1e6).toFixed(0)} MB APK: ${mb(hugeRss)} `
      + `(the APK's size plus 100 MB: ${(huge[0]!.bytes / 2 ** 20 + 100).toFixed(0)} MB). Digests are streamed in 1 MiB chunks and entries copied in bounded pieces, so it does not grow with the APK.`,
    '',
    'Raw samples: bench/results/apk.json.',
    '',
  );
  return lines;
}

await main();
