/**
 * What vouching costs: link bytes and signer time per item of a request whose items carry 2
 * rebuilder attestations each (Ed25519 and ECDSA P-256 rebuilders, airsign attest's statements)
 * and 2 approvals (ssh-keygen, ed25519 and ecdsa), against the same request without them under a
 * policy that asks for none; same run, rounds interleaved, the same SoftHSM2 token and P-256 key.
 * And attestation verifications per second (the offline check alone, per DSSE signature).
 *
 * Writes docs/bench/attestations.md.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { SigningRequest } from '../protocol/messages/index.ts';
import { benchApkRequest } from './support/apk-request.ts';
import { BENCH_PIN, makeBenchToken } from './support/bench-token.ts';

const dir = makeBenchToken('airsign-bench-attest-');
const PIN = BENCH_PIN;

const { generateSigningKey } = await import('../offline/ceremony/keygen.ts');
const { TokenConnection } = await import('../offline/pkcs11/token.ts');
const { parsePkcs11Uri } = await import('../offline/pkcs11/uri.ts');
const { parsePolicy } = await import('../offline/policy/load.ts');
const { OfflineSigner } = await import('../offline/signing/offline-signer.ts');
const { readRequest } = await import('../offline/link/read-request.ts');
const { checkVouch } = await import('../offline/vouch/check-vouch.ts');
const { messageToTransfer } = await import('../protocol/messages/index.ts');
const { approvalDigest, IN_TOTO_PAYLOAD_TYPE, pae, predicateFor, statementBytes, unarmorSshSignature } = await import('../protocol/attest/index.ts');
const { dsseSignerOf } = await import('../online/attest/rebuilder-key.ts');
const { attachVouch } = await import('../online/attest/attach.ts');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const root = resolve(import.meta.dirname, '..');

const key: { keyType: { kind: 'ec'; curve: 'p256' }; fingerprint: Uint8Array; certificate: Uint8Array } = { keyType: { kind: 'ec', curve: 'p256' }, fingerprint: new Uint8Array(), certificate: new Uint8Array() };
{
  const t = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=bench'), readWrite: true });
  t.login(Buffer.from(PIN));
  const made = generateSigningKey(t, { label: 'p256', keyType: key.keyType, subject: 'CN=p256', validityYears: 1 });
  key.fingerprint = made.fingerprint;
  key.certificate = made.certificate;
  t.close();
}

const rebuilders = [dsseSignerOf(generateKeyPairSync('ed25519').privateKey), dsseSignerOf(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey)];
const approvers = (['ed25519', 'ecdsa'] as const).map((type) => {
  const file = join(dir, `approver-${type}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'ecdsa' ? ['-b', '256'] : []), '-N', '', '-C', type, '-f', file]);
  return { file, line: `${type}@example.org ${readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ')}` };
});

function approve(file: string, digest: Uint8Array) {
  const message = join(dir, 'message');
  writeFileSync(message, digest);
  execFileSync('ssh-keygen', ['-q', '-Y', 'sign', '-n', 'airsign-request', '-f', file, message], { stdio: 'pipe' });
  const sshsig = unarmorSshSignature(readFileSync(`${message}.sig`, 'utf8'));
  rmSync(`${message}.sig`);
  return { requestDigest: digest, sshsig };
}

function vouched(plain: SigningRequest): SigningRequest {
  const envelopes = plain.items.flatMap((item) => {
    const { key: _k, ...unkeyed } = item;
    void _k;
    const payload = statementBytes(`${item.name}.apk`, item.sha256, predicateFor(unkeyed, 1, 'git+https://example.org/app.git@0123456789abcdef0123456789abcdef01234567'));
    return rebuilders.map((r) => ({ payloadType: IN_TOTO_PAYLOAD_TYPE, payload, signatures: [{ keyid: r.keyid, sig: r.sign(pae(IN_TOTO_PAYLOAD_TYPE, payload)) }] }));
  });
  const digest = approvalDigest(plain);
  return attachVouch(plain, { envelopes, approvals: approvers.map((a) => approve(a.file, digest)) }).request;
}

const base = { version: 1, maxItemsPerRequest: 1000, rules: [{ keys: ['*'], packages: ['org.bench.*'], artifacts: ['apk'] }] };
const plainPolicy = parsePolicy(JSON.stringify(base));
const vouchPolicy = parsePolicy(JSON.stringify({
  ...base,
  attestations: { packages: ['org.bench.*'], from: rebuilders.map((r) => r.publicKey), min: 2 },
  approvals: { min: 2, of: approvers.map((a) => a.line) },
}));
function openSigner(name: string, policy: typeof plainPolicy) {
  const s = OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=bench'), stateDir: join(dir, name), allowNetwork: true });
  s.login(Buffer.from(PIN));
  return s;
}
const plainSigner = openSigner('state-plain', plainPolicy);
const vouchSigner = openSigner('state-vouch', vouchPolicy);

/** Wall seconds from the request file to the response: read, review (with the vouching check), sign, audit. */
async function signFile(signer: typeof plainSigner, file: string): Promise<number> {
  const start = process.hrtime.bigint();
  const { request, digest } = await readRequest(file);
  const review = signer.review(request, { requestDigest: digest });
  const response = signer.sign(review, { approved: true });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const signed = response.results.filter((r) => r.status === 'signed').length;
  if (signed !== ITEMS) throw new Error(`expected ${ITEMS} items signed, got ${signed}: ${JSON.stringify(response.results.find((r) => r.status === 'refused'))}`);
  return seconds;
}

interface Row { plainBytes: number; vouchBytes: number; plainSeconds: number; vouchSeconds: number; verifySeconds: number }
const rows: Row[] = [];
for (let round = 0; round < ROUNDS + 1; round++) {
  const plain = benchApkRequest(key, round, ITEMS, 'org.bench.app');
  const vouch = vouched(benchApkRequest(key, round, ITEMS, 'org.bench.app'));
  const plainFile = join(dir, `plain-${round}.msg`);
  const vouchFile = join(dir, `vouch-${round}.msg`);
  const plainTransfer = messageToTransfer(plain);
  const vouchTransfer = messageToTransfer(vouch);
  writeFileSync(plainFile, plainTransfer);
  writeFileSync(vouchFile, vouchTransfer);
  // Order alternates: the machine's speed drifts.
  const first = round % 2 === 0;
  const a = first ? await signFile(plainSigner, plainFile) : 0;
  const vouchSeconds = await signFile(vouchSigner, vouchFile);
  const plainSeconds = first ? a : await signFile(plainSigner, plainFile);
  // The offline check alone: every DSSE signature and both approvals.
  const start = process.hrtime.bigint();
  const check = checkVouch(vouchPolicy, vouch, approvalDigest(vouch), Math.floor(Date.now() / 1000));
  const verifySeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (check.items.some((i) => i.refusal !== undefined)) throw new Error('a vouched item was refused');
  if (round === 0) continue;
  const row = { plainBytes: plainTransfer.length, vouchBytes: vouchTransfer.length, plainSeconds, vouchSeconds, verifySeconds };
  rows.push(row);
  process.stdout.write(`round ${round}: ${row.plainBytes} / ${row.vouchBytes} B; ${(1000 * plainSeconds).toFixed(1)} / ${(1000 * vouchSeconds).toFixed(1)} ms; check ${(1000 * verifySeconds).toFixed(1)} ms\n`);
}
plainSigner.close();
vouchSigner.close();
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const plainBytes = median(rows.map((r) => r.plainBytes)) / ITEMS;
const vouchBytes = median(rows.map((r) => r.vouchBytes)) / ITEMS;
const plainMs = (1000 * median(rows.map((r) => r.plainSeconds))) / ITEMS;
const vouchMs = (1000 * median(rows.map((r) => r.vouchSeconds))) / ITEMS;
const timeRatio = median(rows.map((r) => r.vouchSeconds / r.plainSeconds));
const verifications = 2 * ITEMS + 2;
const perSecond = median(rows.map((r) => verifications / r.verifySeconds));

const lines = [
  '# Attestations and approvals: what they cost',
  '',
  `A request of ${ITEMS} APK items (v2+v3) where every item carries 2 rebuilder attestations (an Ed25519`,
  'and an ECDSA P-256 rebuilder, `airsign attest` statements: byte-identical, so one envelope with two',
  'signatures per item) and the request 2 approvals (`ssh-keygen -Y sign`, ed25519 and ecdsa), against',
  'the same request without them; the signer with a policy asking for 2 of each, against the same',
  'signer with a policy asking for none. Same run, same SoftHSM2 token and P-256 key, rounds',
  'interleaved (their order alternating), the first a warm-up.',
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}. ${rows.length} measured rounds; medians.`,
  '',
  '| | unattested | attested + approved | ratio |',
  '|---|---|---|---|',
  `| link bytes per item (compressed transfer) | ${plainBytes.toFixed(1)} | ${vouchBytes.toFixed(1)} | ${(vouchBytes / plainBytes).toFixed(2)} |`,
  `| signer wall ms per item (read, review, sign, audit) | ${plainMs.toFixed(3)} | ${vouchMs.toFixed(3)} | ${timeRatio.toFixed(2)} |`,
  '',
  `Vouching adds ${(vouchBytes - plainBytes).toFixed(1)} bytes per item on the link (2 attestations and a`,
  `hundredth of the 2 approvals); the link budget the tests hold is 400 bytes per attested item and 400`,
  'per approval (test/offline/vouch/link-budget.test.ts).',
  '',
  `Attestation verifications (node:crypto, one DSSE signature or approval each, with the statement`,
  `checks): ${perSecond.toFixed(0)} per second (the whole check of the request: ${verifications} signatures).`,
  'SoftHSM2 signs P-256 in well under a tenth of a millisecond, so the ratio of signer time is the',
  'cost of the check against a very fast token; against RSA or a hardware token it shrinks in',
  'proportion.',
  '',
  'Run with `npm run bench attestations` (BENCH_ITEMS, BENCH_ROUNDS).',
  '',
];
mkdirSync(join(root, 'docs', 'bench'), { recursive: true });
writeFileSync(join(root, 'docs', 'bench', 'attestations.md'), lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
