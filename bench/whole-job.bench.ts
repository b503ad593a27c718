/**
 * The whole job for 100 APKs against signing them where they were built: airsign's prepare
 * (`airsign request`), sign (`airsign-signer sign`, RSA 3072 on SoftHSM2) and assemble
 * (`airsign receive`: the signed files built and verified by our verifier and by Google's apksig),
 * each a separate process, start-up included, the QR link left out; against a loop of
 * `apksigner sign` over the same 100 unsigned APKs with an RSA 3072 PKCS#12 keystore made by
 * keytool, in the same run. Then one 100 MB APK through the same three programs, for their peak
 * memory. Writes docs/bench/whole-job.md and bench/results/whole-job.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { apksignerVerify, scratchDir } from '../test/support/tools.ts';
import { buildTestApk, noise } from '../test/support/zip-builder.ts';
import { writeBatch } from './link-100/apks.ts';
import { fmt } from './optical/stats.ts';
import { makeSigner } from './whole-job/signer.ts';
import { timed, timedProgram } from './whole-job/timed.ts';
import type { Measured } from './whole-job/timed.ts';

const COUNT = Number(process.env.BENCH_APKS ?? 100);
const LARGE_MB = Number(process.env.BENCH_LARGE_MB ?? 100);
const TARGET = 0.2;
const root = resolve(import.meta.dirname, '..');
const began = process.hrtime.bigint();
const log = (s: string) => process.stderr.write(`[${(Number(process.hrtime.bigint() - began) / 1e9).toFixed(0).padStart(4)} s] ${s}\n`);
const dir = scratchDir('bench-whole-job');
const loadBefore = loadavg();

// ---- the APKs, the keystore, the signer -------------------------------------------------------
mkdirSync(join(dir, 'apks'));
const apks = writeBatch(join(dir, 'apks'), COUNT);
const keystore = join(dir, 'release.p12');
const keytool = spawnSync('keytool', ['-genkeypair', '-keystore', keystore, '-storetype', 'PKCS12', '-storepass', 'secret', '-keypass', 'secret', '-alias', 'release',
  '-keyalg', 'RSA', '-keysize', '3072', '-dname', 'CN=bench', '-validity', '10000'], { encoding: 'utf8' });
if (keytool.status !== 0) throw new Error(`keytool failed: ${keytool.stderr}`);
const signer = makeSigner(join(dir, 'signer'), Math.max(100, COUNT));

// ---- airsign, the whole job but the link --------------------------------------------------------
const work = join(dir, 'session');
log(`prepare: airsign request, ${COUNT} APKs`);
const prepare = timedProgram('airsign', ['request', ...apks, '--cert', signer.certMessage, '--session', work], signer.env);
const requestFile = prepare.stdout.trim().split('\n').at(-1)!;
log(`  ${fmt(prepare.seconds, 2)} s`);
log('sign: airsign-signer sign');
const responseFile = join(dir, 'response.msg');
const sign = timedProgram('airsign-signer', ['sign', '--in', requestFile, '--out', responseFile, ...signer.signArgs], signer.env);
log(`  ${fmt(sign.seconds, 2)} s`);
log('assemble: airsign receive');
const receive = timedProgram('airsign', ['receive', work, '--in', responseFile], signer.env);
const signed = receive.stdout.split('\n').filter((l) => l.startsWith('signed ')).length;
if (signed !== COUNT) throw new Error(`airsign receive signed ${signed} of ${COUNT} APKs`);
log(`  ${fmt(receive.seconds, 2)} s`);
const usedHelper = !/apksigner, one process per file/.test(receive.stderr);
const total = prepare.seconds + sign.seconds + receive.seconds;
const spot = apksignerVerify(join(work, 'out', 'app001.apk'));
if (!spot.ok) throw new Error(`apksigner does not verify airsign's output: ${spot.output}`);

// ---- baseline: apksigner sign, one APK after another -------------------------------------------
log(`baseline: apksigner sign, ${COUNT} APKs`);
mkdirSync(join(dir, 'apksigner-out'));
let baselineSeconds = 0;
let baselineCpu = 0;
let baselineRss = 0;
for (const apk of apks) {
  const out = join(dir, 'apksigner-out', apk.split('/').at(-1)!);
  const r = timed('apksigner', ['sign', '--ks', keystore, '--ks-pass', 'pass:secret', '--ks-key-alias', 'release', '--out', out, apk]);
  baselineSeconds += r.seconds;
  baselineCpu += r.cpuSeconds;
  baselineRss = Math.max(baselineRss, r.maxRssMb);
}
log(`  ${fmt(baselineSeconds, 2)} s`);
if (!apksignerVerify(join(dir, 'apksigner-out', 'app001.apk')).ok) throw new Error('the baseline output does not verify');
const ratio = total / baselineSeconds;

// ---- one large APK: peak memory of each program --------------------------------------------------
log(`large: one ${LARGE_MB} MB APK through the three programs`);
const largeApk = join(dir, 'large.apk');
writeFileSync(largeApk, buildTestApk({ packageName: 'org.airsign.bench.large', versionCode: 1, minSdk: 26, extra: [{ name: 'assets/large.bin', data: noise('large', LARGE_MB * 1024 * 1024), method: 0 }] }));
const largeWork = join(dir, 'large-session');
const largePrepare = timedProgram('airsign', ['request', largeApk, '--cert', signer.certMessage, '--session', largeWork], signer.env);
const largeResponse = join(dir, 'large-response.msg');
const largeSign = timedProgram('airsign-signer', ['sign', '--in', largePrepare.stdout.trim().split('\n').at(-1)!, '--out', largeResponse, ...signer.signArgs], signer.env);
const largeReceive = timedProgram('airsign', ['receive', largeWork, '--in', largeResponse], signer.env);
if (!largeReceive.stdout.includes('signed ')) throw new Error('the large APK was not signed');

// ---- report -----------------------------------------------------------------------------------------
const row = (phase: string, what: string, m: Measured) => `| ${phase} | ${what} | ${fmt(m.seconds, 2)} | ${fmt(m.cpuSeconds, 2)} | ${fmt(m.maxRssMb, 0)} |`;
const lines = [
  `# The whole job for ${COUNT} APKs, against apksigner sign`,
  '',
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} at the start, ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`,
  '(the machine is shared: both arms ran in the same run, one after the other, under the same load).',
  `${COUNT} small distinct APKs (minSdk 26: v2 + v3, one round). airsign: RSA 3072 key on SoftHSM2, each program a separate process, start-up`,
  `included, the QR link left out. Engine threads: ${process.env.AIRSIGN_ENGINE_THREADS ?? 'default (one per core, at most 2)'}; Google's verification through ${usedHelper ? 'the apksig helper (one JVM for the batch)' : 'apksigner per file'}.`,
  'Baseline: `apksigner sign` once per APK, one after another, with an RSA 3072 key in a PKCS#12 keystore made by keytool (v2 + v3 as it chooses for minSdk 26).',
  '',
  '| phase | what | wall (s) | CPU (s) | peak memory (MB) |',
  '|---|---|---|---|---|',
  row('prepare', `\`airsign request\`: ${COUNT} APKs read, v2/v3 digests, request written`, prepare),
  row('sign', `\`airsign-signer sign\`: review, ${COUNT * 2} RSA 3072 signatures on SoftHSM2, audit log, response`, sign),
  row('assemble', `\`airsign receive\`: ${COUNT} signed APKs written, verified by our verifier and by apksig`, receive),
  `| **airsign, whole job** | | **${fmt(total, 2)}** | ${fmt(prepare.cpuSeconds + sign.cpuSeconds + receive.cpuSeconds, 2)} | |`,
  `| baseline | \`apksigner sign\` × ${COUNT} | ${fmt(baselineSeconds, 2)} | ${fmt(baselineCpu, 2)} | ${fmt(baselineRss, 0)} (each) |`,
  '',
  `**Whole job / apksigner loop: ${fmt(ratio, 3)}x** (target at most ${TARGET}x: ${ratio <= TARGET ? 'met' : 'NOT met'}).`,
  '',
  `## One ${LARGE_MB} MB APK`,
  '',
  `A ${fmt(readFileSync(largeApk).length / 1048576, 0)} MB APK (a stored ${LARGE_MB} MB asset), through the same three programs: peak memory shows no program holds the file whole.`,
  '',
  '| program | wall (s) | peak memory (MB) |',
  '|---|---|---|',
  `| \`airsign request\` | ${fmt(largePrepare.seconds, 2)} | ${fmt(largePrepare.maxRssMb, 0)} |`,
  `| \`airsign-signer sign\` | ${fmt(largeSign.seconds, 2)} | ${fmt(largeSign.maxRssMb, 0)} |`,
  `| \`airsign receive\` (its largest process: node or the apksig JVM) | ${fmt(largeReceive.seconds, 2)} | ${fmt(largeReceive.maxRssMb, 0)} |`,
  '',
];
mkdirSync(join(root, 'docs/bench'), { recursive: true });
writeFileSync(join(root, 'docs/bench/whole-job.md'), lines.join('\n'));
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/whole-job.json'), JSON.stringify({ count: COUNT, prepare, sign, receive, total, baselineSeconds, baselineCpu, ratio, large: { mb: LARGE_MB, prepare: largePrepare, sign: largeSign, receive: largeReceive } }, (k, v: unknown) => (k === 'stdout' || k === 'stderr' ? undefined : v), 1));
process.stdout.write(`${lines.join('\n')}\n`);
spawnSync('rm', ['-rf', dir]);
