/**
 * One F-Droid repository update for 20 apps, both ways, in the same run: airsign's publish + index
 * cycle (`airsign fdroid publish`, `airsign-signer sign` on SoftHSM2, `airsign receive` for each
 * round, `fdroid update --nosign`, `airsign fdroid index`, sign, receive; every command its own
 * process, the QR link left out: the messages travel as files) against fdroidserver alone with a
 * keystore on disk (`fdroid publish` + `fdroid update`). Half the apps have minSdk 21 (v1, two
 * rounds), half minSdk 26. Keys: RSA 3072 per app (airsign-signer's smallest RSA; fdroid publish
 * would make 2048, so its keystore gets 3072 too), RSA 4096 for the repository (as fdroid init
 * makes it), made before the clock starts on both sides. Also the link bytes per app. Writes
 * docs/bench/fdroid.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultAlias } from '../online/fdroid/index.ts';
import { makeApk } from '../test/online/helpers/apks.ts';
import { scratchDir } from '../test/support/tools.ts';

const APPS = Number(process.env.BENCH_FDROID_APPS ?? 20);
const root = resolve(import.meta.dirname, '..');
const dir = scratchDir('bench-fdroid');
const log = (s: string) => process.stderr.write(`${s}\n`);
const loadBefore = loadavg();

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { stdout: string; stderr: string; seconds: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { stdout: r.stdout, stderr: r.stderr, seconds };
}
const node = (program: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv) => run(process.execPath, [join(root, program), ...args], cwd, env);

// ---- the signer: a SoftHSM2 token with the repository key and one key per app ------------------
mkdirSync(join(dir, 'tokens'));
const conf = join(dir, 'softhsm2.conf');
writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
const env = { ...process.env, SOFTHSM2_CONF: conf };
execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'fdroid', '--so-pin', '12345678', '--pin', '5678'], { env, stdio: 'pipe' });
const pinFile = join(dir, 'pin');
writeFileSync(pinFile, '5678\n', { mode: 0o600 });
const state = join(dir, 'signer-state');
const ids = Array.from({ length: APPS }, (_, i) => `org.example.bench${String(i).padStart(2, '0')}`);
log(`making ${APPS + 1} keys on the token`);
for (const [label, type] of [['repo', 'rsa:4096'] as const, ...ids.map((id) => [defaultAlias(id), 'rsa:3072'] as const)]) {
  node('offline/cli/airsign-signer.js', ['keygen', '--uri', `pkcs11:token=fdroid;object=${label}`, '--type', type, '--subject', `CN=${label}`, '--cert-out', join(dir, `${label}.pem`), '--pin-file', pinFile, '--state', state], dir, env);
  node('offline/cli/airsign-signer.js', ['export-cert', '--uri', `pkcs11:token=fdroid;object=${label}`, '--out', join(dir, `${label}.msg`)], dir, env);
}
const policy = join(dir, 'policy.json');
node('offline/cli/airsign-signer.js', ['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=fdroid', '--kind', 'apk', '--kind', 'jar'], dir, env);
writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(policy, 'utf8')), unattended: true, maxItemsPerRequest: 100 }));

// ---- two repositories with the same APKs: one for airsign, one for fdroidserver's keystore ------
const apkDir = join(dir, 'apks');
mkdirSync(apkDir);
for (const [i, id] of ids.entries()) await makeApk(join(apkDir, `${id}_1.apk`), { packageName: id, versionCode: 1, minSdk: i % 2 === 0 ? 21 : 26, padBytes: 1_000_000 });
function makeRepo(name: string): string {
  const repo = join(dir, name);
  mkdirSync(repo);
  run('fdroid', ['init'], repo);
  mkdirSync(join(repo, 'unsigned'));
  mkdirSync(join(repo, 'metadata'));
  for (const id of ids) {
    copyFileSync(join(apkDir, `${id}_1.apk`), join(repo, 'unsigned', `${id}_1.apk`));
    writeFileSync(join(repo, 'metadata', `${id}.yml`), `License: Apache-2.0\nName: ${id}\nSummary: bench app\n`);
  }
  return repo;
}
const ours = makeRepo('airsign-repo');
node('online/cli/airsign.js', ['fdroid', 'init', ours, '--cert', join(dir, 'repo.msg'), ...ids.map((id) => `--app-cert=${join(dir, `${defaultAlias(id)}.msg`)}`)], dir);
const theirs = makeRepo('keystore-repo');
// The app keys in the keystore under fdroidserver's aliases (as its publish would make them, at
// RSA 3072 like airsign's), before the clock starts, as for airsign.
run('/usr/bin/python3', ['-c', 'import os, subprocess, sys\nfrom fdroidserver import common\nc = common.read_config()\ne = dict(os.environ, P=c["keystorepass"], K=c.get("keypass", ""))\nfor a in sys.argv[1:]: subprocess.run([c["keytool"], "-genkey", "-keystore", c["keystore"], "-alias", a, "-keyalg", "RSA", "-keysize", "3072", "-sigalg", "SHA256withRSA", "-validity", "10000", "-storepass:env", "P", "-keypass:env", "K", "-dname", "CN=" + a], env=e, check=True, capture_output=True)', ...ids.map(defaultAlias)], theirs);

// ---- airsign: publish, two rounds, update, index, one round --------------------------------------
const steps: { step: string; seconds: number }[] = [];
const link: { round: string; items: number; request: number; response: number }[] = [];
let answers = 0;
function signRound(label: string, requestPath: string, items: number, sessionDir: string): string {
  const answer = join(dir, `answer-${answers++}.msg`);
  steps.push({ step: `${label}: airsign-signer sign`, seconds: node('offline/cli/airsign-signer.js', ['sign', '--in', requestPath, '--out', answer, '--policy', policy, '--uri', 'pkcs11:token=fdroid', '--state', state, '--yes', '--pin-file', pinFile, '--allow-network'], dir, env).seconds });
  link.push({ round: label, items, request: statSync(requestPath).size, response: statSync(answer).size });
  const received = node('online/cli/airsign.js', ['receive', sessionDir, '--in', answer], dir);
  steps.push({ step: `${label}: airsign receive`, seconds: received.seconds });
  return received.stdout.trim().split('\n').at(-1) ?? '';
}
log('airsign cycle');
const apps = join(dir, 'session-apps');
const published = node('online/cli/airsign.js', ['fdroid', 'publish', ours, '--session', apps], dir);
steps.push({ step: 'airsign fdroid publish', seconds: published.seconds });
const next = signRound('publish round 1 (v1 of 10, v2+v3 of 10)', published.stdout.trim().split('\n').at(-1)!, APPS, apps);
signRound('publish round 2 (v2+v3 of 10)', next, Math.ceil(APPS / 2), apps);
steps.push({ step: 'fdroid update --nosign', seconds: run('fdroid', ['update', '--nosign'], ours).seconds });
const index = join(dir, 'session-index');
const indexed = node('online/cli/airsign.js', ['fdroid', 'index', ours, '--session', index], dir);
steps.push({ step: 'airsign fdroid index', seconds: indexed.seconds });
signRound('index (entry.jar, index-v1.jar)', indexed.stdout.trim().split('\n').at(-1)!, 2, index);
const signedApks = readdirSync(join(ours, 'repo')).filter((n) => n.endsWith('.apk')).length;
if (signedApks !== APPS) throw new Error(`airsign put ${signedApks} APKs into repo/, not ${APPS}`);
const oursTotal = steps.reduce((n, s) => n + s.seconds, 0);

// ---- fdroidserver with the keystore on disk ------------------------------------------------------
log('fdroidserver cycle');
const publishKs = run('fdroid', ['publish'], theirs).seconds;
const updateKs = run('fdroid', ['update'], theirs).seconds;
const theirsTotal = publishKs + updateKs;

const f = (s: number) => s.toFixed(2);
const apkLink = link.filter((l) => l.round.startsWith('publish'));
const perApp = apkLink.reduce((n, l) => n + l.request + l.response, 0) / APPS;
const lines = [
  '# F-Droid repository update: airsign against a keystore on disk',
  '',
  `\`npm run bench fdroid\` (bench/fdroid.bench.ts). ${APPS} apps (half minSdk 21: v1, so two rounds; half minSdk 26), 1 MB each; app keys RSA 3072 on both sides, repository key RSA 4096 (as fdroid init makes it), all made before the clock starts. Every step is its own process; for airsign the QR link is left out (the messages travel as files), the signer is airsign-signer on SoftHSM2. Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadBefore.map((l) => l.toFixed(1)).join('/')} before, ${loadavg().map((l) => l.toFixed(1)).join('/')} after; ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| airsign step | seconds |',
  '|---|---|',
  ...steps.map((s) => `| ${s.step} | ${f(s.seconds)} |`),
  `| **airsign publish + index cycle** | **${f(oursTotal)}** |`,
  '',
  '| fdroidserver with keystore.p12 | seconds |',
  '|---|---|',
  `| fdroid publish | ${f(publishKs)} |`,
  `| fdroid update | ${f(updateKs)} |`,
  `| **fdroidserver cycle** | **${f(theirsTotal)}** |`,
  '',
  `airsign / fdroidserver: ${(oursTotal / theirsTotal).toFixed(2)}x (the airsign figure includes \`fdroid update --nosign\`, and the offline signing; add the operator's time at the camera).`,
  '',
  '## Link bytes',
  '',
  '| round | items | request message | response message |',
  '|---|---|---|---|',
  ...link.map((l) => `| ${l.round} | ${l.items} | ${l.request} B | ${l.response} B |`),
  '',
  `Per app, both publish rounds, both directions: ${Math.round(perApp)} bytes (the APKs themselves never cross).`,
  '',
];
writeFileSync(join(root, 'docs', 'bench', 'fdroid.md'), lines.join('\n'));
process.stdout.write(lines.join('\n'));
