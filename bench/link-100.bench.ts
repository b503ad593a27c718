/**
 * A batch of 100 APKs over the QR link, both ways: `airsign request` prepares them (v2 + v3, one
 * round), the request crosses as RaptorQ frames at the default density and display rate through
 * the camera simulator, `airsign-signer sign` signs on SoftHSM2 with RSA 3072, the response crosses
 * back the same way, `airsign receive` builds and verifies the 100 signed APKs.
 *
 * Link time is pictures shown until the receiver has the whole message, over the display rate.
 * Baseline, same run, same two messages, same simulated camera: a BC-UR wallet link (400-byte
 * fragments at 5 fps, BC-UR's own fountain code, so its overhead is measured, not assumed), and,
 * since one camera trial of an LT code is a small sample, BC-UR's fountain alone from many
 * random starting points at the same K.
 *
 * Writes docs/bench/link-100.md and bench/results/link-100.json.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEFAULT_DENSITY, densityByName } from '../protocol/frames/index.ts';
import { DEFAULT_DISPLAY_FPS } from '../online/optical/index.ts';
import { DEFAULT_CODES_PER_FRAME } from '../protocol/optical/index.ts';
import { airsignLink } from './optical/airsign-link.ts';
import { runTrial, trialStart } from './optical/goodput.ts';
import type { Trial } from './optical/goodput.ts';
import { bcurLink } from './optical/links.ts';
import type { Link } from './optical/links.ts';
import { runBcurTrial } from './fountain-bcur-trial.ts';
import { fmt, mean } from './optical/stats.ts';
import { writeBatch } from './link-100/apks.ts';
import { runProgram } from './link-100/programs.ts';

const root = resolve(import.meta.dirname, '..');
const began = process.hrtime.bigint();
const log = (s: string) => process.stderr.write(`[${(Number(process.hrtime.bigint() - began) / 1e9).toFixed(0).padStart(4)} s] ${s}\n`);
const COUNT = Number(process.env.BENCH_APKS ?? 100);
/** Camera trials of the airsign link per message, from different starting points in the stream. */
const TRIALS = Number(process.env.BENCH_TRIALS ?? 2);
/** Fountain-only BC-UR trials per message (no camera, no loss): cheap, so many. */
const BCUR_FOUNTAIN_TRIALS = 20;
const TARGET_SECONDS = 15;
const BCUR_FPS = 5;

const dir = mkdtempSync(join(tmpdir(), 'airsign-bench-link-'));
try {
  // ---- a fresh token, the key ceremony, the policy: as in the demo, through the programs ----
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  spawnSync('softhsm2-util', ['--init-token', '--free', '--label', 'bench', '--so-pin', '12345678', '--pin', '5678'], { env, stdio: 'ignore' });
  const pinFile = join(dir, 'pin');
  writeFileSync(pinFile, '5678\n', { mode: 0o600 });
  const state = join(dir, 'offline-state');
  runProgram('airsign-signer', ['keygen', '--uri', 'pkcs11:token=bench;object=release', '--type', 'rsa:3072', '--subject', 'CN=bench', '--cert-out', join(dir, 'cert.pem'), '--pin-file', pinFile, '--state', state], env);
  runProgram('airsign-signer', ['export-cert', '--uri', 'pkcs11:token=bench;object=release', '--out', join(dir, 'cert.msg')], env);
  const policy = join(dir, 'policy.json');
  runProgram('airsign-signer', ['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=bench', '--kind', 'apk'], env);
  writeFileSync(policy, JSON.stringify({ ...(JSON.parse(readFileSync(policy, 'utf8')) as object), unattended: true, maxItemsPerRequest: Math.max(100, COUNT) }));

  // ---- online: prepare ----------------------------------------------------------------------
  mkdirSync(join(dir, 'apks'));
  const apks = writeBatch(join(dir, 'apks'), COUNT);
  const work = join(dir, 'session');
  log(`prepare: airsign request, ${COUNT} APKs`);
  const prepare = runProgram('airsign', ['request', ...apks, '--cert', join(dir, 'cert.msg'), '--session', work], env);
  const requestFile = prepare.lines.at(-1)!;
  const request = new Uint8Array(readFileSync(requestFile));

  // ---- the link, both ways, with the signer between -------------------------------------------
  const density = densityByName(DEFAULT_DENSITY);
  const ours = airsignLink(density, DEFAULT_CODES_PER_FRAME);
  interface SeededTrial extends Trial {
    readonly seed: number;
  }
  const carry = async (link: Link, message: Uint8Array, fps: number, seed: number): Promise<SeededTrial> => {
    const t = await runTrial(link, message, { displayFps: fps, severity: 'typical', seed });
    log(`  ${link.name} at ${fps} fps, ${message.length} bytes, from part ${trialStart(seed)}: ${t.recovered ? `${t.framesShown} frames shown (K = ${t.sourceFrames})` : 'NOT recovered'}`);
    if (!t.recovered) throw new Error(`${link.name} did not deliver the message`);
    return { ...t, seed };
  };
  log('request over the link');
  const requestTrials: SeededTrial[] = [];
  for (let i = 0; i < TRIALS; i++) requestTrials.push(await carry(ours, request, DEFAULT_DISPLAY_FPS, 100 + i));
  // runTrial checks the decoded bytes equal the message: what the signer reads is what crossed.
  const received = join(dir, 'request-received.msg');
  copyFileSync(requestFile, received);
  log('sign: airsign-signer sign');
  const responseFile = join(dir, 'response.msg');
  const sign = runProgram('airsign-signer', ['sign', '--in', received, '--out', responseFile, '--policy', policy, '--uri', 'pkcs11:token=bench', '--state', state, '--pin-file', pinFile, '--yes', '--allow-network'], env);
  const response = new Uint8Array(readFileSync(responseFile));
  log('response over the link');
  const responseTrials: SeededTrial[] = [];
  for (let i = 0; i < TRIALS; i++) responseTrials.push(await carry(ours, response, DEFAULT_DISPLAY_FPS, 200 + i));
  log('assemble: airsign receive');
  const receive = runProgram('airsign', ['receive', work, '--in', responseFile], env);
  const signed = receive.lines.filter((l) => l.startsWith('signed ')).length;
  if (signed !== COUNT) throw new Error(`airsign receive signed ${signed} of ${COUNT} APKs`);

  // ---- baseline: the same two messages over a BC-UR wallet link -------------------------------
  log('baseline: BC-UR, 400-byte fragments');
  const bcur = bcurLink(400);
  const bcurRequest = await carry(bcur, request, BCUR_FPS, 300);
  const bcurResponse = await carry(bcur, response, BCUR_FPS, 301);
  const fountainOnly = (k: number, seed: number) =>
    mean(Array.from({ length: BCUR_FOUNTAIN_TRIALS }, (_, i) => runBcurTrial({ k, symbolSize: 400, start: trialStart(seed + i), loss: 0, seed: seed + i }) / k));
  const bcurOverhead = { request: fountainOnly(bcurRequest.sourceFrames, 500), response: fountainOnly(bcurResponse.sourceFrames, 600) };
  log(`  BC-UR fountain alone: ${fmt(bcurOverhead.request, 2)} K (request), ${fmt(bcurOverhead.response, 2)} K (response), mean of ${BCUR_FOUNTAIN_TRIALS}`);

  // ---- report ---------------------------------------------------------------------------------
  const linkSeconds = (t: Trial, fps: number) => t.picturesShown / fps;
  // The slowest trial each way: an operator waits for the slow case.
  const worstOf = (ts: readonly Trial[]) => [...ts].sort((a, b) => b.framesShown - a.framesShown)[0]!;
  const req = worstOf(requestTrials);
  const resp = worstOf(responseTrials);
  const ourLink = linkSeconds(req, DEFAULT_DISPLAY_FPS) + linkSeconds(resp, DEFAULT_DISPLAY_FPS);
  const total = prepare.seconds + ourLink + sign.seconds + receive.seconds;
  // BC-UR at its mean fountain overhead, with no frame lost to the camera: a floor for its link time.
  const bcurFrames = { request: bcurOverhead.request * bcurRequest.sourceFrames, response: bcurOverhead.response * bcurResponse.sourceFrames };
  const bcurSeconds = (bcurFrames.request + bcurFrames.response) / BCUR_FPS;
  const bcurTotal = prepare.seconds + bcurSeconds + sign.seconds + receive.seconds;
  const frameRow = (label: string, t: SeededTrial, fps: number) =>
    `| ${label} | ${trialStart(t.seed)} | ${t.sourceFrames} | ${t.framesShown} | ${fmt(t.framesShown / t.sourceFrames, 2)} | ${fmt(linkSeconds(t, fps))} |`;
  const lines = [
    '# 100 APKs over the QR link',
    '',
    `Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}.`,
    `${COUNT} small distinct APKs (minSdk 26: v2 + v3, one round), RSA 3072 key on SoftHSM2. Both programs run as separate processes;`,
    `the messages cross through the camera simulator (typical webcam, 1280x720 at 30 fps) from a random point in the frame stream.`,
    `airsign link: density ${density.name} (QR ${density.qrVersion}-${density.errorCorrection}, ${density.symbolSize} bytes a frame), ${DEFAULT_CODES_PER_FRAME} codes a picture, ${DEFAULT_DISPLAY_FPS} pictures a second. Link time = pictures shown until the`,
    `receiver has the whole message / fps; the slowest of ${TRIALS} trial(s) each way.`,
    '',
    '## The job',
    '',
    '| phase | what | time (s) |',
    '|---|---|---|',
    `| prepare | \`airsign request\`: ${COUNT} APKs read, v2/v3 digests computed, request written (${request.length} bytes) | ${fmt(prepare.seconds, 2)} |`,
    `| request over the link | ${req.framesShown} frames shown (${req.picturesShown} pictures at ${DEFAULT_DISPLAY_FPS} a second) | ${fmt(linkSeconds(req, DEFAULT_DISPLAY_FPS))} |`,
    `| sign | \`airsign-signer sign\`: review, ${COUNT * 2} RSA-3072 signatures on SoftHSM2, audit log, response (${response.length} bytes) | ${fmt(sign.seconds, 2)} |`,
    `| response over the link | ${resp.framesShown} frames shown (${resp.picturesShown} pictures at ${DEFAULT_DISPLAY_FPS} a second) | ${fmt(linkSeconds(resp, DEFAULT_DISPLAY_FPS))} |`,
    `| assemble | \`airsign receive\`: ${COUNT} signed APKs built, each verified by our verifier and by apksigner | ${fmt(receive.seconds, 2)} |`,
    `| **total** | | **${fmt(total)}** |`,
    '',
    `**Link time: ${fmt(ourLink)} s** for the ${COUNT} APKs (target: at most ${TARGET_SECONDS} s; ${ourLink <= TARGET_SECONDS ? 'met' : 'NOT met'}).`,
    'Program times are wall clock of each process, start-up included.',
    '',
    '## Against a BC-UR wallet link (same run, same two messages)',
    '',
    `BC-UR as air-gapped wallets use it: 400-byte fragments at ${BCUR_FPS} fps. Its frames each way are K times its fountain's mean overhead,`,
    `measured in this run from ${BCUR_FOUNTAIN_TRIALS} random starting points at that message's K (no camera, no loss: a floor for BC-UR, while`,
    "airsign's figure includes the camera).",
    '',
    '| | airsign | BC-UR | BC-UR / airsign |',
    '|---|---|---|---|',
    `| request: K, frames | ${req.sourceFrames}, ${req.framesShown} | ${bcurRequest.sourceFrames}, ${fmt(bcurFrames.request)} (${fmt(bcurOverhead.request, 2)} K) | |`,
    `| response: K, frames | ${resp.sourceFrames}, ${resp.framesShown} | ${bcurResponse.sourceFrames}, ${fmt(bcurFrames.response)} (${fmt(bcurOverhead.response, 2)} K) | |`,
    `| **link time, both ways (s)** | **${fmt(ourLink)}** | **${fmt(bcurSeconds)}** | **${fmt(bcurSeconds / ourLink, 1)}x** |`,
    `| whole job (s) | ${fmt(total)} | ${fmt(bcurTotal)} | ${fmt(bcurTotal / total, 1)}x |`,
    '',
    '### Both links through the same simulated camera',
    '',
    "One trial each way for BC-UR (a slow one to simulate). BC-UR's first K parts are its plain fragments, so a trial that starts among",
    "them (start ≤ K) is its best case; past them every part is a mix. airsign's RaptorQ frames need K wherever they start.",
    '',
    '| link, message | start (part) | K | frames shown | shown / K | link time (s) |',
    '|---|---|---|---|---|---|',
    ...requestTrials.map((t) => frameRow(`airsign ${density.name} ${DEFAULT_DISPLAY_FPS} fps, request`, t, DEFAULT_DISPLAY_FPS)),
    ...responseTrials.map((t) => frameRow(`airsign ${density.name} ${DEFAULT_DISPLAY_FPS} fps, response`, t, DEFAULT_DISPLAY_FPS)),
    frameRow(`BC-UR 400-byte fragments ${BCUR_FPS} fps, request`, bcurRequest, BCUR_FPS),
    frameRow(`BC-UR 400-byte fragments ${BCUR_FPS} fps, response`, bcurResponse, BCUR_FPS),
    '',
  ];
  mkdirSync(join(root, 'docs/bench'), { recursive: true });
  writeFileSync(join(root, 'docs/bench/link-100.md'), lines.join('\n'));
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/link-100.json'),
    JSON.stringify({ count: COUNT, requestBytes: request.length, responseBytes: response.length, prepare: prepare.seconds, sign: sign.seconds, receive: receive.seconds, requestTrials, responseTrials, bcurRequest, bcurResponse, bcurOverhead }, null, 1),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
