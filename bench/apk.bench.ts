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
import { apkBenchReport, median } from './apk-report.ts';
import type { BenchResults, Config, InnerSamples, ProcessRun } from './apk-report.ts';

const RUNS = Number(process.env.APK_BENCH_RUNS ?? 5);
const WARMUPS = 3;
const APKSIG_JAR = '/usr/share/java/apksig.jar';
/** The heap limit the Debian apksigner script gives the JVM, for the warm harness too. */
const JVM_HEAP = '-Xmx1024M';
const root = resolve(import.meta.dirname, '..');
const results = join(root, 'bench', 'results');
mkdirSync(results, { recursive: true });
const dir = scratchDir('bench-apk');

function timed(command: string, args: readonly string[]): ProcessRun {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const line = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || line === null) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return { wallS: Number(line[1]), cpuS: Number(line[2]) + Number(line[3]), maxRssKb: Number(line[4]), stdout: r.stdout };
}

const lastJson = (run: ProcessRun): InnerSamples => JSON.parse(run.stdout.trim().split('\n').pop()!) as InnerSamples;
const pooled = (...runs: ProcessRun[]): InnerSamples => {
  const samples = runs.map(lastJson);
  return { ms: samples.flatMap((x) => x.ms), cpuMs: samples.flatMap((x) => x.cpuMs) };
};

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
      // Two looping processes a side, in the order ours, apksig, apksig, ours, their timed signings
      // pooled: a loop runs for seconds, so one pass a side would meet different load on a shared machine.
      const warmOurs = () => timed(process.execPath, [worker, 'loop', input, `${ourOut}.warm`, key.keyPath, certDer, String(WARMUPS), String(RUNS)]);
      const warmApksig = () => timed('java', [JVM_HEAP, '-cp', `${classes}:${APKSIG_JAR}`, 'WarmApkSigner', input, `${theirOut}.warm`, key.keyPath, key.certPath, v1, String(WARMUPS), String(RUNS)]);
      const oursA = warmOurs();
      const apksigA = warmApksig();
      const apksigB = warmApksig();
      const oursB = warmOurs();
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
        warm: {
          ours: pooled(oursA, oursB), apksig: pooled(apksigA, apksigB),
          oursRssKb: Math.max(oursA.maxRssKb, oursB.maxRssKb), apksigRssKb: Math.max(apksigA.maxRssKb, apksigB.maxRssKb),
        },
      };
      configs.push(config);
      process.stdout.write(`${size} minSdk ${minSdk} (${config.schemes}): cold ${median(cold.ours.map((r) => r.wallS))} s vs ${median(cold.apksigner.map((r) => r.wallS))} s; `
        + `warm ${median(config.warm.ours.ms).toFixed(0)} ms vs ${median(config.warm.apksig.ms).toFixed(0)} ms\n`);
    }
  }
  const raw: BenchResults = {
    date: new Date().toISOString().slice(0, 10), machine: `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    loadavg: loadavg(), runs: RUNS, warmups: WARMUPS, jvmHeap: JVM_HEAP, apksigJar: APKSIG_JAR, startup, configs,
  };
  const lines = apkBenchReport(raw);
  writeFileSync(join(root, 'docs', 'bench', 'apk.md'), lines.join('\n'));
  writeFileSync(join(results, 'apk.json'), JSON.stringify(raw, null, 2));
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
