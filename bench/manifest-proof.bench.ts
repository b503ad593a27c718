/**
 * What a manifest proof costs, per item, against the same item without one, in the same run: link
 * bytes (the request's transfer, compressed as it crosses) with the frames and seconds that means
 * at the default density and rate, the online side's prepare time, and the signer's time for the
 * item (decode the transfer, review with the proof check, sign on SoftHSM2, audit log, state).
 * APKs: the real io.appium.settings debug APK, a small made one (manifest first), and a 60 MB APK
 * with its manifest first and one with its manifest last. Rounds interleave proven and unproven.
 *
 * Writes docs/bench/manifest-proof.md.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { SigningRequest } from '../protocol/messages/index.ts';
import { makeApk } from '../test/online/helpers/apks.ts';
import { REAL_APK } from '../test/support/sample-apks.ts';
import { buildTestApk } from '../test/support/zip-builder.ts';
import { BENCH_PIN, makeBenchToken } from './support/bench-token.ts';

const dir = makeBenchToken('airsign-bench-proof-');
const PIN = BENCH_PIN;

const { generateSigningKey } = await import('../offline/ceremony/keygen.ts');
const { TokenConnection } = await import('../offline/pkcs11/token.ts');
const { parsePkcs11Uri } = await import('../offline/pkcs11/uri.ts');
const { parsePolicy } = await import('../offline/policy/load.ts');
const { OfflineSigner } = await import('../offline/signing/offline-signer.ts');
const { messageToTransfer, transferToMessage } = await import('../protocol/messages/index.ts');
const { prepareArtifact } = await import('../online/apk/index.ts');
const { joinProof } = await import('../protocol/apk-proof/index.ts');
const { densityByName, DEFAULT_DENSITY } = await import('../protocol/frames/density.ts');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const BIG = Number(process.env.BENCH_BIG_BYTES ?? 60_000_000);
const root = resolve(import.meta.dirname, '..');
const loadBefore = loadavg();

const t = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=bench'), readWrite: true });
t.login(Buffer.from(PIN));
const key = generateSigningKey(t, { label: 'p256', keyType: { kind: 'ec', curve: 'p256' }, subject: 'CN=p256', validityYears: 1 });
t.close();

const apks: { label: string; path: string }[] = [];
copyFileSync(REAL_APK, join(dir, 'settings.apk'));
apks.push({ label: 'io.appium.settings (real, 3rd-party debug APK)', path: join(dir, 'settings.apk') });
writeFileSync(join(dir, 'small.apk'), buildTestApk({ minSdk: 26 }));
apks.push({ label: 'small made APK, manifest first', path: join(dir, 'small.apk') });
await makeApk(join(dir, 'big-first.apk'), { packageName: 'org.bench.first', versionCode: 1, minSdk: 26, padBytes: BIG });
apks.push({ label: `${Math.round(BIG / 1e6)} MB APK, manifest first`, path: join(dir, 'big-first.apk') });
await makeApk(join(dir, 'big-last.apk'), { packageName: 'org.bench.last', versionCode: 1, minSdk: 26, padBytes: BIG, manifestLast: true });
apks.push({ label: `${Math.round(BIG / 1e6)} MB APK, manifest last`, path: join(dir, 'big-last.apk') });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const density = densityByName(DEFAULT_DENSITY);
/** The link's default rate (docs/bench/link-1000.md): 4 codes a picture, 10 pictures a second. */
const SYMBOLS_PER_SECOND = 40;

const policy = parsePolicy(JSON.stringify({ version: 1, unattended: true, rules: [{ keys: ['*'], packages: ['*'], artifacts: ['apk'] }] }));
const stateDir = mkdtempSync(join(dir, 'state-'));
const signer = OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=bench'), stateDir, allowNetwork: true });
signer.login(Buffer.from(PIN));

interface Row { label: string; proofAt: string; unproven: number[]; proven: number[]; bytes: [number, number]; prepare: [number[], number[]] }
const rows: Row[] = [];
for (const apk of apks) {
  const row: Row = { label: apk.label, proofAt: '', unproven: [], proven: [], bytes: [0, 0], prepare: [[], []] };
  const transfers: Uint8Array[] = [];
  for (const [k, choice] of (['never', 'always'] as const).entries()) {
    const start = process.hrtime.bigint();
    const { item } = await prepareArtifact(apk.path, { certificateDer: key.certificate, manifestProof: choice });
    row.prepare[k]!.push(seconds(start));
    if (item.artifact !== 'apk') throw new Error('not an APK');
    if (choice === 'always') {
      const p = joinProof(item.manifestProof!);
      row.proofAt = `chunk ${p.chunk}, at ${p.stateBytes + p.tail.length - 5} of its 1 MiB; entry ${p.entry.length} B, rest of chunk ${p.suffix.length} B, central directory ${p.centralDirectory.length} B, ${p.chunkDigests.length} other chunk digests`;
    }
    const request: SigningRequest = { v: 2, kind: 'request', requestId: new Uint8Array(16).fill(k), issuedAt: Math.floor(Date.now() / 1000), keys: [key.fingerprint], items: [{ ...item, key: 0 }] };
    transfers.push(messageToTransfer(request));
    row.bytes[k] = transfers[k]!.length;
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [k, transfer] of transfers.entries()) {
      // A fresh request id each round: the same request twice would be refused as already signed.
      const request = transferToMessage(transfer) as SigningRequest;
      const fresh = messageToTransfer({ ...request, requestId: new Uint8Array(16).map((_, i) => (i === 0 ? k : i === 1 ? round : 7)) });
      const start = process.hrtime.bigint();
      const decoded = transferToMessage(fresh) as SigningRequest;
      const review = signer.review(decoded);
      const response = signer.sign(review, { approved: true });
      const took = seconds(start);
      if (response.results[0]!.status !== 'signed') throw new Error(`${apk.label}: not signed: ${JSON.stringify(response.results[0])}`);
      if ((k === 1) !== (review.items[0]!.proven !== undefined)) throw new Error(`${apk.label}: proof state unexpected`);
      (k === 0 ? row.unproven : row.proven).push(took);
    }
    // Prepare once more each way for the time figure.
    if (round < 2) for (const [k, choice] of (['never', 'always'] as const).entries()) {
      const start = process.hrtime.bigint();
      await prepareArtifact(apk.path, { certificateDer: key.certificate, manifestProof: choice });
      row.prepare[k]!.push(seconds(start));
    }
  }
  rows.push(row);
  process.stdout.write(`${apk.label}: ${row.bytes[0]} → ${row.bytes[1]} bytes; signer ${median(row.unproven).toFixed(4)} → ${median(row.proven).toFixed(4)} s\n`);
}
signer.close();

const frames = (bytes: number) => Math.ceil(bytes / density.symbolSize);
const ms = (s: number) => `${(s * 1000).toFixed(1)}`;
const lines = [
  '# Manifest proofs: what proving an APK item costs',
  '',
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} at the start, ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end (a shared machine).`,
  `\`npm run bench manifest-proof\` (bench/manifest-proof.bench.ts). One item per request, EC P-256 key on SoftHSM2; each APK prepared without a proof (\`--manifest-proof never\`, the baseline) and with one (\`always\`), in the same run.`,
  `Link bytes: the request's transfer as it crosses (canonical CBOR, deflated). Frames: source symbols at density ${density.name} (${density.symbolSize} bytes each); link seconds at 4 codes a picture and 10 pictures a second (${SYMBOLS_PER_SECOND} symbols a second, the rate of docs/bench/link-1000.md), before the fountain's few extra frames.`,
  `Signer: decode the transfer, review (the proof check included), sign v2 + v3 on the token, audit log and state synced; median of ${ROUNDS} rounds, proven and unproven interleaved. Prepare: \`prepareArtifact\`, median of 3.`,
  '',
  '| APK | where the manifest is | link bytes unproven → proven (ratio) | frames (link s) unproven → proven | signer ms unproven → proven (ratio) | prepare ms unproven → proven |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const [u, p] = r.bytes;
    const su = median(r.unproven);
    const sp = median(r.proven);
    return `| ${r.label} | ${r.proofAt} | ${u} → ${p} (${(p / u).toFixed(1)}x) | ${frames(u)} (${(frames(u) / SYMBOLS_PER_SECOND).toFixed(2)}) → ${frames(p)} (${(frames(p) / SYMBOLS_PER_SECOND).toFixed(2)}) | ${ms(su)} → ${ms(sp)} (${(sp / su).toFixed(2)}x) | ${ms(median(r.prepare[0]))} → ${ms(median(r.prepare[1]))} |`;
  }),
  '',
  'What decides the cost: the proof carries the manifest entry and everything after it to the end of its 1 MiB chunk (SHA-256 cannot be resumed backwards), the central directory and end record whole, and 32 bytes per other chunk. A manifest near the start of its chunk costs most of a MiB, already compressed data that the transfer cannot shrink; one near the end of its chunk, or the last entry before the central directory, costs its own few KiB. `--manifest-proof auto` carries a proof when its raw bytes are at most 64 KiB, `always` whatever it costs (up to 3 MiB), `never` (the default, so that 1000 items still cross in one 78 KB request) none; a policy rule with `"requireProof": true` needs `always`.',
];
mkdirSync(join(root, 'docs', 'bench'), { recursive: true });
writeFileSync(join(root, 'docs', 'bench', 'manifest-proof.md'), `${lines.join('\n')}\n`);
rmSync(dir, { recursive: true, force: true });
process.stdout.write('wrote docs/bench/manifest-proof.md\n');
