/**
 * Signatures per second through the whole offline path (read and validate the request, review it
 * against the policy and build every to-be-signed string, sign on the token, audit log with its
 * fsync, policy state, response written) against a bare pkcs11js C_SignInit/C_Sign loop over the
 * same bytes, on the same SoftHSM2 token and key, in the same run, rounds interleaved.
 *
 * Writes docs/bench/offline-sign.md and bench/results/offline-sign.json.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import pkcs11js from 'pkcs11js';
// Types only: erased, so nothing loads the module before SOFTHSM2_CONF is set below.
import type { SigningRequest, SigningResponse } from '../protocol/messages/index.ts';
import type { KeyType } from '../protocol/signing/index.ts';
import { benchApkRequest } from './support/apk-request.ts';
import { BENCH_PIN, makeBenchToken, openBareSession } from './support/bench-token.ts';

const dir = makeBenchToken('airsign-bench-');
const PIN = BENCH_PIN;

const { generateSigningKey } = await import('../offline/ceremony/keygen.ts');
const { TokenConnection } = await import('../offline/pkcs11/token.ts');
const { parsePkcs11Uri } = await import('../offline/pkcs11/uri.ts');
const { parsePolicy } = await import('../offline/policy/load.ts');
const { OfflineSigner } = await import('../offline/signing/offline-signer.ts');
const { readRequest } = await import('../offline/link/read-request.ts');
const { writeAnswer } = await import('../offline/link/write-response.ts');
const { messageToTransfer } = await import('../protocol/messages/index.ts');
const { buildToBeSigned } = await import('../protocol/signing/index.ts');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const root = resolve(import.meta.dirname, '..');

interface BenchKey {
  readonly name: string;
  readonly label: string;
  readonly keyType: KeyType;
  fingerprint: Uint8Array;
  certificate: Uint8Array;
}
const allKeys: BenchKey[] = [
  { name: 'RSA 3072', label: 'rsa3072', keyType: { kind: 'rsa', bits: 3072 }, fingerprint: new Uint8Array(), certificate: new Uint8Array() },
  { name: 'RSA 4096', label: 'rsa4096', keyType: { kind: 'rsa', bits: 4096 }, fingerprint: new Uint8Array(), certificate: new Uint8Array() },
  { name: 'EC P-256', label: 'p256', keyType: { kind: 'ec', curve: 'p256' }, fingerprint: new Uint8Array(), certificate: new Uint8Array() },
];
const benchKeys = allKeys.filter((k) => process.env.BENCH_KEYS === undefined || process.env.BENCH_KEYS.split(',').includes(k.label));
{
  const t = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=bench'), readWrite: true });
  t.login(Buffer.from(PIN));
  for (const k of benchKeys) {
    const made = generateSigningKey(t, { label: k.label, keyType: k.keyType, subject: `CN=${k.label}`, validityYears: 1 });
    k.fingerprint = made.fingerprint;
    k.certificate = made.certificate;
  }
  t.close();
}

function request(key: BenchKey, round: number): SigningRequest {
  return benchApkRequest(key, round, ITEMS, 'org.bench.app');
}

interface Timed {
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds of this process (SoftHSM2 runs in it): robust against other load on the machine, blind to fsync waits. */
  readonly cpu: number;
  readonly signatures: number;
}

function timed(fn: () => number): Timed {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const signatures = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, signatures };
}

async function timedAsync(fn: () => Promise<number>): Promise<Timed> {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const signatures = await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, signatures };
}

/** The bare loop: the same bytes, the same mechanism, one session, nothing else (but the digest CKM_ECDSA needs). */
function bareLoop(key: BenchKey, req: SigningRequest): Timed {
  const { p11, session, handle } = openBareSession(key.label);
  const tbs = req.items.flatMap((item) => buildToBeSigned(item, key.certificate));
  const isEc = key.keyType.kind === 'ec';
  // SoftHSM2 has no CKM_ECDSA_SHA256: signing these bytes with CKM_ECDSA means hashing them first,
  // so the bare loop hashes inside the timed loop, as any signer on this token must. RSA hashes in the token.
  const data = tbs.map((t) => Buffer.from(t.data));
  const mechanism = { mechanism: isEc ? pkcs11js.CKM_ECDSA : tbs[0]!.hash === 'sha512' ? pkcs11js.CKM_SHA512_RSA_PKCS : pkcs11js.CKM_SHA256_RSA_PKCS };
  const out = Buffer.alloc(key.keyType.kind === 'ec' ? 64 : key.keyType.bits / 8);
  const result = timed(() => {
    for (const bytes of data) {
      p11.C_SignInit(session, mechanism, handle!);
      p11.C_Sign(session, isEc ? createHash('sha256').update(bytes).digest() : bytes, out);
    }
    return data.length;
  });
  p11.C_CloseSession(session);
  return result;
}

const policy = parsePolicy(JSON.stringify({ version: 1, maxItemsPerRequest: 1000, rules: [{ keys: ['*'], packages: ['org.bench.*'], artifacts: ['apk'] }] }));
function openSigner(stateDir: string, signingThread: boolean) {
  const opened = OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=bench'), stateDir, allowNetwork: true, signingThread });
  opened.login(Buffer.from(PIN));
  return opened;
}
/** The signer as shipped (signing thread), and the same signer signing on its main thread, for comparison. */
const signer = openSigner(join(dir, 'state'), true);
const inlineSigner = openSigner(join(dir, 'state-inline'), false);
type Signer = typeof signer;

/**
 * The whole path, from the request file to the response's transfer bytes (what the frames carry).
 * Writing the response as a file (the USB fallback) is done after the clock stops.
 */
/** Wall milliseconds per phase of each whole-path run: where the time goes. */
const phaseLog: { key: string; read: number; review: number; sign: number; encode: number }[] = [];

async function wholePath(file: string, out: string, key: BenchKey, signer: Signer, logPhases: boolean): Promise<Timed> {
  let response: SigningResponse | undefined;
  const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
  const result = await timedAsync(async () => {
    const t0 = process.hrtime.bigint();
    const { request: req, digest } = await readRequest(file);
    const t1 = process.hrtime.bigint();
    const review = signer.review(req, { requestDigest: digest });
    const t2 = process.hrtime.bigint();
    response = signer.sign(review, { approved: true });
    const t3 = process.hrtime.bigint();
    messageToTransfer(response);
    const t4 = process.hrtime.bigint();
    if (logPhases) phaseLog.push({ key: key.name, read: ms(t0, t1), review: ms(t1, t2), sign: ms(t2, t3), encode: ms(t3, t4) });
    return response.results.reduce((n, r) => n + (r.status === 'signed' ? r.signatures.length : 0), 0);
  });
  await writeAnswer(out, response!);
  if (result.signatures !== ITEMS * 2) throw new Error(`expected ${ITEMS * 2} signatures, got ${result.signatures}`);
  return result;
}

interface Row {
  key: string;
  round: number;
  /** Signatures per wall-clock second. */
  bare: number;
  whole: number;
  /** The whole path signing on the main thread (no signing thread). */
  inline: number;
  /** Signatures per CPU second. */
  bareCpu: number;
  wholeCpu: number;
}
const rows: Row[] = [];
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const key of benchKeys) {
    const req = request(key, round);
    const file = join(dir, `request-${key.label}-${round}.msg`);
    writeFileSync(file, messageToTransfer(req));
    // Bare loop before and after: the machine's speed drifts, and the two bracket the whole path.
    const before = bareLoop(key, req);
    const whole = await wholePath(file, join(dir, `response-${key.label}-${round}.msg`), key, signer, true);
    const inline = await wholePath(file, join(dir, `response-inline-${key.label}-${round}.msg`), key, inlineSigner, false);
    const after = bareLoop(key, req);
    if (round === 0) continue; // warm-up
    const n = before.signatures;
    const row = {
      key: key.name,
      round,
      bare: (2 * n) / (before.seconds + after.seconds),
      whole: whole.signatures / whole.seconds,
      inline: inline.signatures / inline.seconds,
      bareCpu: (2 * n) / (before.cpu + after.cpu),
      wholeCpu: whole.signatures / whole.cpu,
    };
    rows.push(row);
    process.stdout.write(
      `${key.name} round ${round}: bare ${row.bare.toFixed(1)}/s, whole path ${row.whole.toFixed(1)}/s (wall); ${(row.whole / row.bare).toFixed(3)} wall, ${(row.wholeCpu / row.bareCpu).toFixed(3)} cpu; on the main thread ${(row.inline / row.bare).toFixed(3)}\n`,
    );
  }
}
signer.close();
inlineSigner.close();
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const summary = benchKeys.map((k) => {
  const mine = rows.filter((r) => r.key === k.name);
  const bare = median(mine.map((r) => r.bare));
  const whole = median(mine.map((r) => r.whole));
  const ratio = median(mine.map((r) => r.whole / r.bare));
  const cpuRatio = median(mine.map((r) => r.wholeCpu / r.bareCpu));
  const inlineRatio = median(mine.map((r) => r.inline / r.bare));
  const threadGain = median(mine.map((r) => r.whole / r.inline));
  const threadWins = mine.filter((r) => r.whole > r.inline).length;
  const runs = phaseLog.filter((p) => p.key === k.name).slice(1); // without the warm-up
  const phase = { read: median(runs.map((p) => p.read)), review: median(runs.map((p) => p.review)), sign: median(runs.map((p) => p.sign)), encode: median(runs.map((p) => p.encode)) };
  return { key: k.name, bare, whole, ratio, cpuRatio, inlineRatio, threadGain, threadWins, rounds: mine.length, minRatio: Math.min(...mine.map((r) => r.whole / r.bare)), phase, bareMs: (1000 * ITEMS * 2) / bare };
});

const softhsm = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'softhsm2'], { encoding: 'utf8' }).trim();
const lines = [
  '# Offline signing throughput',
  '',
  'Signatures per second through the whole offline path (read and validate the request file,',
  'review against the policy and build every to-be-signed string with `buildToBeSigned`, sign on',
  'the token, audit records written and fsynced, anchor and policy state saved durably, the',
  'response validated and encoded as the transfer the frames carry), against a bare pkcs11js',
  '`C_SignInit`/`C_Sign` loop over the same bytes with the same key and mechanism on the same token,',
  'in the same run. Each round runs the bare loop, the whole path as shipped (the token signs on',
  "the signer's signing thread while the main thread does the bookkeeping), the same path with",
  'every signature made on the main thread, and the bare loop again; the baseline is the mean of',
  'the two bare runs around them. The first round is a warm-up.',
  '',
  `Each request: ${ITEMS} APK items, v2+v3 (${ITEMS * 2} signatures). ${ROUNDS} measured rounds; medians.`,
  `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, SoftHSM2 ${softhsm}.`,
  '',
  '| key | bare loop (sig/s) | whole path (sig/s) | ratio, wall (median) | ratio, wall (worst round) | ratio on the main thread (median) | target |',
  '|---|---|---|---|---|---|---|',
  ...summary.map((s) => `| ${s.key} | ${s.bare.toFixed(1)} | ${s.whole.toFixed(1)} | ${s.ratio.toFixed(3)} | ${s.minRatio.toFixed(3)} | ${s.inlineRatio.toFixed(3)} | ≥ 0.9 |`),
  '',
  'For P-256 the bare loop hashes each string with SHA-256 inside the timed loop: SoftHSM2 offers',
  'only `CKM_ECDSA`, so signing these bytes on it means hashing them first. RSA hashes in the token.',
  '',
  'The signing thread against signing on the main thread, round by round (whole path as shipped',
  'divided by the same path on the main thread):',
  '',
  ...summary.map((s) => `- ${s.key}: median ${s.threadGain.toFixed(3)}; the thread was faster in ${s.threadWins} of ${s.rounds} rounds.`),
  '',
  'The wall-clock ratio is the figure that counts (it includes the fsyncs). This machine is a',
  'shared virtual one: the bare loop alone moves by 10-30% between runs a second apart, which is',
  'what the worst rounds show; the medians over the rounds are the figures to quote.',
  '',
  'Where the time of one request goes (wall ms, medians, whole path as shipped): read = file,',
  'transfer, canonical decoding and schema; review = policy and `buildToBeSigned` for every item;',
  'sign = the batch on the token with DER, audit records, fsyncs and policy state; encode = the',
  'response to its transfer.',
  '',
  '| key | read | review | sign | encode | bare loop for the same signatures |',
  '|---|---|---|---|---|---|',
  ...summary.map((s) => `| ${s.key} | ${s.phase.read.toFixed(1)} | ${s.phase.review.toFixed(1)} | ${s.phase.sign.toFixed(1)} | ${s.phase.encode.toFixed(1)} | ${s.bareMs.toFixed(1)} |`),
  '',
  ...summary.map((s) => {
    const extra = s.phase.read + s.phase.review + s.phase.sign + s.phase.encode - s.bareMs;
    const perSignature = `the token's own ${(s.bareMs / (2 * ITEMS)).toFixed(3)} ms per signature`;
    if (extra <= 0) return `${s.key}: what the path adds is hidden behind ${perSignature} (the phases' medians sum to ${(-extra).toFixed(1)} ms under the bare loop's median: within this machine's swings).`;
    return `${s.key}: the path adds about ${extra.toFixed(1)} ms per request of ${ITEMS} items (${((1000 * extra) / ITEMS).toFixed(0)} µs per item) to ${perSignature}.`;
  }),
  '',
  'What the path adds is nearly the same whatever the key: four fsyncs per request (audit log, its',
  'anchor, the policy state and its directory), and per item decoding and schema checks, the',
  'to-be-signed bytes, two audit records and the response. Against RSA, where SoftHSM2 spends',
  'milliseconds on each signature, it is a few per cent. SoftHSM2 signs P-256 in well under a',
  'tenth of a millisecond, so there the same fixed cost is as large as the signing itself and the',
  'ratio falls far below the target; a token that signs more slowly (any hardware HSM) hides it in',
  'proportion.',
  '',
  'Run with `npm run bench offline-sign` (BENCH_ITEMS, BENCH_ROUNDS, BENCH_KEYS=rsa3072,rsa4096,p256).',
  '',
];
mkdirSync(join(root, 'docs', 'bench'), { recursive: true });
writeFileSync(join(root, 'docs', 'bench', 'offline-sign.md'), lines.join('\n'));
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'offline-sign.json'), JSON.stringify({ items: ITEMS, rounds: ROUNDS, rows, summary }, null, 2));
process.stdout.write(`${lines.join('\n')}\n`);
