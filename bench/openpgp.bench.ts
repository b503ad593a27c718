/**
 * Detached OpenPGP signatures (the `openpgp` kind): link bytes per item, both ways; the signer's
 * time per item through its whole path (read the request, review and build each trailer and finish
 * each hash, sign on the token, audit log with fsync, response) against a bare pkcs11js loop of
 * token signatures over the same finished digests (CKM_RSA_PKCS over the DigestInfo, CKM_ECDSA);
 * and `gpg --detach-sign` of the same files with a key on disk, one gpg per file as `fdroid
 * gpgsign` runs it, in the same run.
 *
 * Writes docs/bench/openpgp.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import pkcs11js from 'pkcs11js';
import type { SigningRequest, SigningResponse } from '../protocol/messages/index.ts';
import type { KeyType } from '../protocol/signing/index.ts';
import { BENCH_PIN, makeBenchToken, openBareSession } from './support/bench-token.ts';

const dir = makeBenchToken('airsign-bench-openpgp-');
const PIN = BENCH_PIN;

const { generateSigningKey } = await import('../offline/ceremony/keygen.ts');
const { TokenConnection } = await import('../offline/pkcs11/token.ts');
const { parsePkcs11Uri } = await import('../offline/pkcs11/uri.ts');
const { parsePolicy } = await import('../offline/policy/load.ts');
const { OfflineSigner } = await import('../offline/signing/offline-signer.ts');
const { readRequest } = await import('../offline/link/read-request.ts');
const { fixCreationTime } = await import('../offline/openpgp/index.ts');
const { messageToTransfer } = await import('../protocol/messages/index.ts');
const { buildToBeSigned } = await import('../protocol/signing/index.ts');
const { toHex } = await import('../protocol/bytes.ts');
const { PROTOCOL_VERSION } = await import('../protocol/version.ts');
const { openPgpEngine } = await import('../online/openpgp/index.ts');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FILE_BYTES = Number(process.env.BENCH_FILE_BYTES ?? 64 * 1024);
const root = resolve(import.meta.dirname, '..');

interface BenchKey {
  readonly name: string;
  readonly label: string;
  readonly keyType: KeyType;
  readonly gpgAlgo: string;
  fingerprint: Uint8Array;
  certificate: Uint8Array;
  created: number;
}
const keys: BenchKey[] = [
  { name: 'RSA 3072', label: 'rsa3072', keyType: { kind: 'rsa', bits: 3072 }, gpgAlgo: 'rsa3072', fingerprint: new Uint8Array(), certificate: new Uint8Array(), created: 0 },
  { name: 'EC P-256', label: 'p256', keyType: { kind: 'ec', curve: 'p256' }, gpgAlgo: 'nistp256', fingerprint: new Uint8Array(), certificate: new Uint8Array(), created: 0 },
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
    k.created = fixCreationTime(stateDir, toHex(made.fingerprint), Date.now() / 1000 - 60).created;
  }
  t.close();
}

const files = Array.from({ length: ITEMS }, (_, i) => {
  const path = join(dir, `file-${i}.bin`);
  writeFileSync(path, randomBytes(FILE_BYTES + i));
  return path;
});

/** The items as `airsign openpgp sign` prepares them, through the online engine. */
async function itemsFor(key: BenchKey) {
  const engine = openPgpEngine();
  const pin = { sha256: toHex(key.fingerprint), der: key.certificate, label: key.label, subject: key.label, notAfter: '', addedAt: 0, openpgpCreated: key.created };
  const items = [];
  for (const file of files) items.push({ ...(await engine.prepare(file, file.slice(dir.length + 1), pin, ['openpgp'])).item, key: 0 });
  return items;
}

function request(key: BenchKey, items: readonly SigningRequest['items'][number][]): SigningRequest {
  return { v: PROTOCOL_VERSION, kind: 'request', requestId: randomBytes(16), issuedAt: Math.floor(Date.now() / 1000), keys: [key.fingerprint], items: [...items] } as SigningRequest;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function bareLoop(key: BenchKey, req: SigningRequest): number {
  const { p11, session, handle } = openBareSession(key.label);
  const prefix = Buffer.from('3031300d060960864801650304020105000420', 'hex');
  const inputs = req.items.flatMap((item) => buildToBeSigned(item, key.certificate)).map((t) => (key.keyType.kind === 'rsa' ? Buffer.concat([prefix, t.prehashed!]) : Buffer.from(t.prehashed!)));
  const mechanism = { mechanism: key.keyType.kind === 'rsa' ? pkcs11js.CKM_RSA_PKCS : pkcs11js.CKM_ECDSA };
  const out = Buffer.alloc(key.keyType.kind === 'ec' ? 64 : key.keyType.bits / 8);
  const start = process.hrtime.bigint();
  for (const input of inputs) {
    p11.C_SignInit(session, mechanism, handle!);
    p11.C_Sign(session, input, out);
  }
  const s = seconds(start);
  p11.C_CloseSession(session);
  return s;
}

const policy = parsePolicy(JSON.stringify({ version: 1, maxItemsPerRequest: 1000, rules: [{ keys: ['*'], packages: ['*.bin'], artifacts: ['openpgp'] }] }));
const signer = OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=bench'), stateDir, allowNetwork: true, signingThread: true });
signer.login(Buffer.from(PIN));

async function wholePath(req: SigningRequest): Promise<{ seconds: number; response: SigningResponse }> {
  const file = join(dir, 'request.msg');
  writeFileSync(file, messageToTransfer(req));
  const start = process.hrtime.bigint();
  const { request: read, digest } = await readRequest(file);
  const review = signer.review(read, { requestDigest: digest });
  const response = signer.sign(review, { approved: true });
  messageToTransfer(response);
  const s = seconds(start);
  const signed = response.results.filter((r) => r.status === 'signed').length;
  if (signed !== req.items.length) throw new Error(`expected ${req.items.length} signed, got ${signed}: ${JSON.stringify(response.results.find((r) => r.status === 'refused'))}`);
  return { seconds: s, response };
}

/** gpg --detach-sign, armored, one process per file (as fdroid gpgsign), with a key on disk in its own home. */
function gpgHome(key: BenchKey): string {
  const home = mkdtempSync(join(dir, 'gnupg-'));
  const r = spawnSync('gpg', ['--homedir', home, '--batch', '--passphrase', '', '--quick-gen-key', `Bench ${key.label} <b@example.org>`, key.gpgAlgo, 'sign', 'never'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gpg key: ${r.stderr}`);
  return home;
}
function gpgLoop(home: string, round: number): number {
  const start = process.hrtime.bigint();
  for (const [i, file] of files.entries()) {
    const r = spawnSync('gpg', ['--homedir', home, '--batch', '--yes', '-a', '--output', join(dir, `gpg-${round}-${i}.asc`), '--detach-sig', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gpg --detach-sig: ${r.stderr}`);
  }
  return seconds(start);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const summary = [];
for (const key of keys) {
  const items = await itemsFor(key);
  // Link bytes per item: what one more item adds to the request's and the response's transfer.
  const one = request(key, items.slice(0, 1));
  const all = request(key, items);
  const requestPerItem = (messageToTransfer(all).length - messageToTransfer(one).length) / (ITEMS - 1);
  const home = gpgHome(key);
  const rows: { bare: number; whole: number; gpg: number; responseBytes: number }[] = [];
  let oneResponseBytes = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    const req = request(key, items);
    const bareBefore = bareLoop(key, req);
    const whole = await wholePath(req);
    const bareAfter = bareLoop(key, req);
    const gpg = gpgLoop(home, round);
    if (round === 0) {
      oneResponseBytes = messageToTransfer({ ...whole.response, results: whole.response.results.slice(0, 1) }).length;
      continue;
    }
    rows.push({ bare: (bareBefore + bareAfter) / 2, whole: whole.seconds, gpg, responseBytes: messageToTransfer(whole.response).length });
    process.stdout.write(`${key.name} round ${round}: bare ${((1000 * (bareBefore + bareAfter)) / 2 / ITEMS).toFixed(2)} ms/item, whole ${((1000 * whole.seconds) / ITEMS).toFixed(2)} ms/item, gpg ${((1000 * gpg) / ITEMS).toFixed(1)} ms/file\n`);
  }
  spawnSync('gpgconf', ['--homedir', home, '--kill', 'all']);
  const responsePerItem = (median(rows.map((r) => r.responseBytes)) - oneResponseBytes) / (ITEMS - 1);
  summary.push({
    key: key.name,
    requestPerItem,
    responsePerItem,
    requestBytes: messageToTransfer(all).length,
    bareMs: (1000 * median(rows.map((r) => r.bare))) / ITEMS,
    wholeMs: (1000 * median(rows.map((r) => r.whole))) / ITEMS,
    gpgMs: (1000 * median(rows.map((r) => r.gpg))) / ITEMS,
    ratio: median(rows.map((r) => r.whole / r.bare)),
    gpgRatio: median(rows.map((r) => r.whole / r.gpg)),
  });
}
signer.close();
rmSync(dir, { recursive: true, force: true });

const softhsm = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'softhsm2'], { encoding: 'utf8' }).trim();
const gpgVersion = execFileSync('gpg', ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
const lines = [
  '# OpenPGP detached signatures',
  '',
  'The `openpgp` kind (docs/openpgp.md): only each file\'s SHA-256 state crosses, the signer builds',
  'the trailer, finishes the hash and the token signs the digest.',
  '',
  `${ITEMS} files of ${FILE_BYTES} bytes and up, one request; ${ROUNDS} measured rounds after a warm-up, medians.`,
  `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, SoftHSM2 ${softhsm}, ${gpgVersion}.`,
  '',
  '## Link bytes per item',
  '',
  'What one more item adds to the transfer the frames carry (compressed, as sent), whatever the',
  "file's size: the item carries the hash state (eight words, the byte count, a tail under 64",
  'bytes), the size, SHA-256, name, times and the key fingerprint; the answer carries the signature.',
  '',
  '| key | request, bytes per item | response, bytes per item | request of all items (bytes) |',
  '|---|---|---|---|',
  ...summary.map((s) => `| ${s.key} | ${s.requestPerItem.toFixed(1)} | ${s.responsePerItem.toFixed(1)} | ${s.requestBytes} |`),
  '',
  '## Signer time per item',
  '',
  'The whole offline path (request file read and checked, review with the policy and each',
  'trailer built and hash finished, signing on the token, the audit records with their fsync, the',
  'response encoded) against a bare pkcs11js `C_SignInit`/`C_Sign` loop over the same finished',
  'digests with the same key and mechanism (`CKM_RSA_PKCS` over the DigestInfo, `CKM_ECDSA`), the',
  'mean of a bare run before and one after; and `gpg -a --detach-sig` of the same files with a key',
  'on disk, one gpg process per file as `fdroid gpgsign` runs it.',
  '',
  '| key | bare loop (ms/item) | whole path (ms/item) | whole / bare | gpg --detach-sig (ms/file) | whole / gpg |',
  '|---|---|---|---|---|---|',
  ...summary.map((s) => `| ${s.key} | ${s.bareMs.toFixed(3)} | ${s.wholeMs.toFixed(3)} | ${s.ratio.toFixed(2)} | ${s.gpgMs.toFixed(1)} | ${s.gpgRatio.toFixed(3)} |`),
  '',
  'The gpg figure is mostly gpg starting and reaching its agent once per file, which is how',
  '`fdroid gpgsign` uses it; the airsign figure leaves out the link itself (docs/bench/link-100.md)',
  'and the online side\'s hashing of the files, which gpg does inside its time.',
  '',
  'Run with `npm run bench openpgp` (BENCH_ITEMS, BENCH_ROUNDS, BENCH_FILE_BYTES).',
  '',
];
mkdirSync(join(root, 'docs', 'bench'), { recursive: true });
writeFileSync(join(root, 'docs', 'bench', 'openpgp.md'), lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
