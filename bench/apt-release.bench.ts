/**
 * apt Release files through airsign, in one run: the link bytes of a Release item (the request's
 * transfer, what the frames carry, and the answer's share per item), the signer's time per item
 * (review: parse, policy, the two trailers; sign: both signatures on the token, audit log, policy
 * state) against a bare pkcs11js C_Sign loop over the same bytes on the same SoftHSM2 key, and
 * `gpg --clearsign` plus `gpg --detach-sign` of the same files with a key on disk (what a
 * repository tool runs per suite).
 *
 * Writes docs/bench/apt-release.md and bench/results/apt-release.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import pkcs11js from 'pkcs11js';
import type { SigningRequest } from '../protocol/messages/index.ts';
import type { KeyType } from '../protocol/signing/index.ts';
import { BENCH_PIN, makeBenchToken, openBareSession } from './support/bench-token.ts';

const dir = makeBenchToken('airsign-bench-apt-');
const PIN = BENCH_PIN;

const { generateSigningKey } = await import('../offline/ceremony/keygen.ts');
const { TokenConnection } = await import('../offline/pkcs11/token.ts');
const { parsePkcs11Uri } = await import('../offline/pkcs11/uri.ts');
const { parsePolicy } = await import('../offline/policy/load.ts');
const { OfflineSigner } = await import('../offline/signing/offline-signer.ts');
const { fixCreationTime } = await import('../offline/openpgp/index.ts');
const { messageToTransfer, encodeMessage } = await import('../protocol/messages/index.ts');
const { buildToBeSigned } = await import('../protocol/signing/index.ts');
const { parseRelease } = await import('../protocol/apt/index.ts');
const { releaseItem } = await import('../online/apt/engine.ts');
const { toHex } = await import('../protocol/bytes.ts');
const { releaseBytes } = await import('../protocol/kinds/index.ts');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const root = resolve(import.meta.dirname, '..');
const NOW = Math.floor(Date.now() / 1000);

interface BenchKey {
  readonly name: string;
  readonly label: string;
  readonly keyType: KeyType;
  readonly gpgAlgo: string;
  fingerprint: Uint8Array;
  certificate: Uint8Array;
}
const keys: BenchKey[] = [
  { name: 'RSA 3072', label: 'rsa3072', keyType: { kind: 'rsa', bits: 3072 }, gpgAlgo: 'rsa3072', fingerprint: new Uint8Array(), certificate: new Uint8Array() },
  { name: 'EC P-256', label: 'p256', keyType: { kind: 'ec', curve: 'p256' }, gpgAlgo: 'nistp256', fingerprint: new Uint8Array(), certificate: new Uint8Array() },
];
const stateDir = join(dir, 'state');
mkdirSync(stateDir);
{
  const t = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=bench'), readWrite: true });
  t.login(Buffer.from(PIN));
  for (const k of keys) {
    const made = generateSigningKey(t, { label: k.label, keyType: k.keyType, subject: `CN=${k.label}`, validityYears: 1 });
    k.fingerprint = made.fingerprint;
    k.certificate = made.certificate;
    // What export-openpgp fixes: the key's OpenPGP creation time, in the state directory.
    fixCreationTime(stateDir, toHex(createHash('sha256').update(made.certificate).digest()), NOW - 3600);
  }
  t.close();
}

/** A Release file as apt-ftparchive writes it, for suite `suite`, listing `entries` index files under MD5Sum and SHA256. */
function releaseFile(suite: string, entries: number, date: number): Uint8Array {
  const paths = Array.from({ length: entries }, (_, i) => `main/binary-arch${i % 40}/Packages${['', '.gz', '.xz'][Math.floor(i / 40) % 3]}${i >= 120 ? `.${i}` : ''}`);
  const hex = (n: number, len: number) => createHash('sha512').update(`${suite}${n}`).digest('hex').slice(0, len);
  const lines = [
    'Origin: Bench', 'Label: Bench', `Suite: ${suite}`, `Codename: ${suite}`,
    `Date: ${new Date(date * 1000).toUTCString().replace('GMT', 'UTC')}`,
    'Architectures: amd64 arm64 armhf i386 ppc64el s390x', 'Components: main contrib non-free', 'Description: bench repository',
    'MD5Sum:', ...paths.map((p, i) => ` ${hex(i, 32)} ${String(1000 + i * 37).padStart(16)} ${p}`),
    'SHA256:', ...paths.map((p, i) => ` ${hex(i, 64)} ${String(1000 + i * 37).padStart(16)} ${p}`),
  ];
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

const SIZES = [
  { name: 'one index file (a tiny repository)', entries: 1 },
  { name: '600 index files (120 KB)', entries: 600 },
];

function request(key: BenchKey, entries: number, dateStep: number): SigningRequest {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const bytes = releaseFile(`suite${i}`, entries, NOW - 600 + dateStep);
    return { key: 0, ...releaseItem(bytes, parseRelease(bytes), NOW - 3600, NOW) };
  });
  return { v: 2, kind: 'request', requestId: new Uint8Array(16).map(() => Math.floor(Math.random() * 256)), issuedAt: NOW, keys: [key.fingerprint], items } as SigningRequest;
}

function timed(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function bareLoop(key: BenchKey, req: SigningRequest): number {
  const { p11, session, handle } = openBareSession(key.label);
  const data = req.items.flatMap((item) => buildToBeSigned(item, key.certificate)).map((t) => Buffer.from(t.data));
  const isEc = key.keyType.kind === 'ec';
  const mechanism = { mechanism: isEc ? pkcs11js.CKM_ECDSA : pkcs11js.CKM_SHA256_RSA_PKCS };
  const out = Buffer.alloc(isEc ? 64 : 384);
  const seconds = timed(() => {
    for (const bytes of data) {
      p11.C_SignInit(session, mechanism, handle!);
      p11.C_Sign(session, isEc ? createHash('sha256').update(bytes).digest() : bytes, out);
    }
  });
  p11.C_CloseSession(session);
  return seconds;
}

const policy = parsePolicy(JSON.stringify({ version: 1, maxItemsPerRequest: 1000, rules: [{ keys: ['*'], packages: ['Bench/*'], artifacts: ['apt-release'] }] }));
const signer = OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=bench'), stateDir, allowNetwork: true });
signer.login(Buffer.from(PIN));

/** The signer's review (parse, policy, trailers, the request's digest) and its signing (token, audit log, state), timed apart. */
function signerPath(req: SigningRequest): { review: number; sign: number } {
  let review: ReturnType<typeof signer.review> | undefined;
  const reviewSeconds = timed(() => {
    review = signer.review(req);
  });
  const signSeconds = timed(() => {
    const response = signer.sign(review!, { approved: true });
    const signed = response.results.filter((r) => r.status === 'signed').length;
    if (signed !== req.items.length) throw new Error(`signed ${signed} of ${req.items.length}: ${JSON.stringify(response.results.find((r) => r.status === 'refused'))}`);
  });
  return { review: reviewSeconds, sign: signSeconds };
}

// gpg with keys on disk, in its own home: --clearsign (InRelease) and --detach-sign --armor (Release.gpg) per file.
const gnupg = join(dir, 'gnupg');
mkdirSync(gnupg, { mode: 0o700 });
const gpgEnv = { ...process.env, GNUPGHOME: gnupg };
for (const k of keys) execFileSync('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-generate-key', `bench ${k.label} <bench@example.org>`, k.gpgAlgo, 'sign', 'never'], { env: gpgEnv, stdio: 'pipe' });

function gpgLoop(key: BenchKey, files: string[]): number {
  return timed(() => {
    for (const file of files) {
      for (const args of [['--clearsign', '--output', `${file}.InRelease`], ['--detach-sign', '--armor', '--output', `${file}.gpg`]]) {
        const r = spawnSync('gpg', ['--batch', '--yes', '--local-user', `bench ${key.label}`, '--digest-algo', 'SHA256', ...args, file], { env: gpgEnv });
        if (r.status !== 0) throw new Error(`gpg failed: ${r.stderr.toString()}`);
      }
    }
  });
}

interface Row { key: string; size: string; round: number; signer: number; review: number; bare: number; gpg: number }
const rows: Row[] = [];
const linkBytes: { size: string; releaseBytes: number; canonical: number; transfer: number; transferPerItem: number; answerPerItem: number }[] = [];

for (const [sizeIndex, size] of SIZES.entries()) {
  for (let round = 0; round <= ROUNDS; round++) {
    for (const key of keys) {
      // The Date rises from round to round (the rollback rule keeps a floor per suite and key).
      const req = request(key, size.entries, sizeIndex * 100 + round);
      const files = req.items.map((item, i) => {
        const path = join(dir, `Release-${size.entries}-${key.label}-${round}-${i}`);
        writeFileSync(path, releaseBytes(item as never));
        return path;
      });
      const before = bareLoop(key, req);
      const signed = signerPath(req);
      const after = bareLoop(key, req);
      const gpg = gpgLoop(key, files);
      if (round === 0) {
        if (key === keys[0]) {
          const one = { ...req, items: req.items.slice(0, 1) };
          const transfer = messageToTransfer(req).length;
          const review = signer.review({ ...one, requestId: new Uint8Array(16).fill(round + 7) });
          const answer = messageToTransfer(signer.sign(review, { approved: true })).length;
          linkBytes.push({ size: size.name, releaseBytes: releaseBytes(req.items[0] as never).length, canonical: encodeMessage(one).length, transfer: messageToTransfer(one).length, transferPerItem: transfer / ITEMS, answerPerItem: answer });
        }
        continue; // warm-up
      }
      rows.push({ key: key.name, size: size.name, round, signer: (signed.review + signed.sign) / ITEMS, review: signed.review / ITEMS, bare: (before + after) / 2 / ITEMS, gpg: gpg / ITEMS });
    }
  }
}
signer.close();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (s: number) => (s * 1000).toFixed(2);
const gpgVersion = execFileSync('gpg', ['--version'], { encoding: 'utf8' }).split('\n')[0];
const table = SIZES.flatMap((size) =>
  keys.map((key) => {
    const mine = rows.filter((r) => r.key === key.name && r.size === size.name);
    const signerMs = median(mine.map((r) => r.signer));
    const bareMs = median(mine.map((r) => r.bare));
    const gpgMs = median(mine.map((r) => r.gpg));
    const reviewMs = median(mine.map((r) => r.review));
    return { size: size.name, key: key.name, signerMs, reviewMs, bareMs, gpgMs, vsBare: median(mine.map((r) => r.signer / r.bare)), vsGpg: median(mine.map((r) => r.signer / r.gpg)) };
  }),
);

const lines = [
  '# apt Release files: link bytes and signing time',
  '',
  'Measured by `npm run bench apt-release` (bench/apt-release.bench.ts), every figure of a table in',
  'the same run. A Release item carries the whole Release file (the signer parses it and signs it',
  'twice: a text signature for InRelease, a binary one for Release.gpg).',
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}, Node ${process.version}, SoftHSM2, ${gpgVersion}.`,
  `Each request: ${ITEMS} Release files (suites), ${ROUNDS} measured rounds after a warm-up; medians per item.`,
  '',
  '## Link bytes of one Release item',
  '',
  'The request\'s canonical bytes and its transfer (deflated, what the frames carry) for one item; the',
  `transfer per item of a ${ITEMS}-item request; the answer (two signatures, raw, with the response's`,
  'audit head) of a one-item request. RSA 3072 key.',
  '',
  '| Release file | its bytes | request, canonical | request transfer (1 item) | request transfer per item (of ' + ITEMS + ') | answer transfer (1 item) |',
  '|---|---|---|---|---|---|',
  ...linkBytes.map((l) => `| ${l.size} | ${l.releaseBytes} | ${l.canonical} | ${l.transfer} | ${l.transferPerItem.toFixed(0)} | ${l.answerPerItem} |`),
  '',
  '## Signer time per item',
  '',
  'signer = the offline path as a library (`OfflineSigner.review` + `sign`: Release parsed and checked',
  'against the item, policy and rollback floor per suite, both trailers built, both signatures on the',
  'token, audit records fsynced, policy state saved). bare = a pkcs11js `C_SignInit`/`C_Sign` loop over',
  'the same two to-be-signed byte strings per item on the same key (P-256 hashes in the loop: SoftHSM2',
  'has no `CKM_ECDSA_SHA256`), the mean of one run before and one after the signer. gpg = `gpg',
  '--clearsign` and `gpg --detach-sign --armor` of the same Release file with a key of the same type on',
  'disk (two processes per item, as a repository tool runs them).',
  '',
  '| Release file | key | signer (ms/item) | of which review | bare loop (ms/item) | gpg on disk (ms/item) | signer / bare | signer / gpg |',
  '|---|---|---|---|---|---|---|---|',
  ...table.map((t) => `| ${t.size} | ${t.key} | ${ms(t.signerMs)} | ${ms(t.reviewMs)} | ${ms(t.bareMs)} | ${ms(t.gpgMs)} | ${t.vsBare.toFixed(2)} | ${t.vsGpg.toFixed(3)} |`),
  '',
  'In a CPU profile, the review of a large Release file is mostly SHA-256 in JavaScript (protocol/hash.ts, noble): over',
  'the request\'s canonical bytes for its digest, and over the file for the item\'s check; the token\'s',
  'share is the bare loop\'s.',
  '',
  'The ratios are medians of the per-round ratios. This machine is a shared virtual one (other work runs',
  'beside the benchmark): single rounds move by 10-30%.',
  '',
];
writeFileSync(join(root, 'docs', 'bench', 'apt-release.md'), lines.join('\n'));
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'apt-release.json'), JSON.stringify({ items: ITEMS, rounds: ROUNDS, rows, linkBytes, table }, null, 2));
process.stdout.write(`${lines.join('\n')}\n`);
