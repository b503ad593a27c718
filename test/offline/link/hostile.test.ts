/**
 * offline/link/read-request.ts: Hostile requests: whatever comes over the link, the signer answers with a typed rejection, signs
 * nothing, logs nothing as signed, and no input costs the signer more than 96 MB of memory above
 * its own baseline (frames of the largest transfer a frame may declare included; see
 * test/offline/support/rss-run.ts for how that is measured).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCanonical } from '../../../protocol/encoding/index.ts';
import { FrameEncoder } from '../../../protocol/frames/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { encodeMessage, messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import { encodeTransfer, sealChecksum } from '../../../protocol/transfer/index.ts';
import { loadFountain } from '../../../node/wasm.ts';
import { readRequest } from '../../../offline/link/read-request.ts';
import { makeRequest } from '../support/requests.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let dir: string;

/** A transfer header (magic "ASM", version 2, compression, declared message length), payload and its CRC-32. */
function transfer(compression: 0 | 1, declared: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(9 + payload.length + 4);
  out.set([0x41, 0x53, 0x4d, 2, compression], 0);
  new DataView(out.buffer).setUint32(5, declared);
  out.set(payload, 9);
  sealChecksum(out);
  return out;
}

/** A transfer around bytes that are not a valid message, written as a message file. */
const storedTransfer = (bytes: Uint8Array) => transfer(0, bytes.length, bytes);

interface Case {
  readonly name: string;
  readonly bytes: () => Uint8Array;
  /** The protocol (or signer) code the rejection carries. */
  readonly code: string;
}

const validRequest = () => makeRequest(keys, [{ key: 0, name: 'org.example.app', versionCode: 2 }]);

const cases: Case[] = [
  { name: 'random bytes', bytes: () => new Uint8Array(4096).map((_, i) => (i * 131 + 7) & 0xff), code: 'BAD_MAGIC' },
  { name: 'an empty file', bytes: () => new Uint8Array(0), code: 'TRUNCATED' },
  { name: 'a header declaring a 4 GiB message', bytes: () => transfer(1, 0xffffffff, new Uint8Array(100)), code: 'TOO_LARGE' },
  { name: 'a decompression bomb: 16 MiB of zeros behind a small declared length', bytes: () => transfer(1, 100_000, deflateSync(new Uint8Array(16 * 1024 * 1024))), code: 'DECOMPRESS_LIMIT' },
  { name: 'a decompression bomb declaring the largest message', bytes: () => transfer(1, LIMITS.maxMessageBytes, deflateSync(new Uint8Array(16 * 1024 * 1024))), code: 'DECOMPRESS_LIMIT' },
  { name: 'a deflate payload that cannot reach its declared length', bytes: () => transfer(1, LIMITS.maxMessageBytes, deflateSync(new Uint8Array(1000))), code: 'DECOMPRESS_FAILED' },
  { name: 'an array declaring 2^64-1 elements', bytes: () => storedTransfer(Uint8Array.of(0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), code: 'TOO_LARGE' },
  { name: 'a byte string declaring 4 GiB', bytes: () => storedTransfer(Uint8Array.of(0xa1, 0x61, 0x76, 0x5a, 0xff, 0xff, 0xff, 0xff)), code: 'TOO_LARGE' },
  { name: 'arrays nested 10,000 deep', bytes: () => storedTransfer(new Uint8Array(10_000).fill(0x81)), code: 'TOO_DEEP' },
  { name: 'a request with 1001 items', bytes: () => encodeTransfer(encodeCanonical({ ...validRequest(), items: Array.from({ length: 1001 }, () => validRequest().items[0]) }, { maxBytes: 1 << 22, maxDepth: 8, maxCount: 2000, maxStringBytes: 8192 })), code: 'TOO_LARGE' },
  { name: 'a request naming 65 keys', bytes: () => encodeTransfer(encodeCanonical({ ...validRequest(), keys: Array.from({ length: 65 }, () => new Uint8Array(32)) })), code: 'SCHEMA' },
  { name: 'a version name with a right-to-left override', bytes: () => encodeTransfer(encodeCanonical({ ...validRequest(), items: [{ ...validRequest().items[0]!, versionName: '1.0\u202egpj.exe' }] })), code: 'SCHEMA' },
  { name: 'an unknown field', bytes: () => encodeTransfer(encodeCanonical({ ...validRequest(), extra: 1 })), code: 'SCHEMA' },
  { name: 'a version code of 2^53-1 (it would pin the rollback floor for good)', bytes: () => encodeTransfer(encodeCanonical({ ...validRequest(), items: [{ ...validRequest().items[0]!, versionCode: 2 ** 53 - 1 }] })), code: 'SCHEMA' },
  { name: 'a future protocol version', bytes: () => encodeTransfer(encodeCanonical({ ...validRequest(), v: 3 })), code: 'UNKNOWN_VERSION' },
  { name: 'a version-1 request from an older program', bytes: () => encodeTransfer(encodeCanonical({ ...validRequest(), v: 1 })), code: 'UNKNOWN_VERSION' },
  { name: 'a non-canonical encoding (a length in 2 bytes where 1 will do)', bytes: () => storedTransfer(Uint8Array.of(0xa1, 0x61, 0x76, 0x19, 0x00, 0x01)), code: 'NON_CANONICAL' },
  { name: 'trailing bytes after the message', bytes: () => { const m = encodeMessage(validRequest()); const b = new Uint8Array(m.length + 1); b.set(m); return storedTransfer(b); }, code: 'TRAILING_BYTES' },
  { name: 'a response instead of a request', bytes: () => messageToTransfer({ v: 2, kind: 'response', requestDigest: new Uint8Array(32), signedAt: 1, results: [{ index: 0, status: 'refused', reason: 'UNKNOWN_KEY', detail: 'x' }], audit: { seq: 1, head: new Uint8Array(32) } }), code: 'NOT_A_REQUEST' },
];

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('hostile');
  keys = makeKeys(hsm, 'hostile', [{ label: 'k', keyType: { kind: 'ec', curve: 'p256' } }]);
  dir = mkdtempSync(join(hsm.dir, 'cases-'));
}, 120_000);

afterAll(() => hsm.remove());

async function rejectionCode(path: string): Promise<string> {
  try {
    await readRequest(path);
  } catch (e) {
    const err = e as { code: string; cause?: { code?: string } };
    return err.code === 'BAD_REQUEST' ? (err.cause?.code ?? /^([A-Z_]+):/.exec((e as Error).message)?.[1] ?? err.code) : err.code;
  }
  return 'accepted';
}

describe('hostile requests', () => {
  it.each(cases.map((c) => [c.name, c] as const))('rejects %s with a typed reason', async (_name, c) => {
    const path = join(dir, `${c.name.replace(/\W+/g, '-')}.msg`);
    writeFileSync(path, c.bytes());
    expect(await rejectionCode(path)).toBe(c.code);
  });

  it('refuses a file larger than any transfer before reading it', async () => {
    const path = join(dir, 'huge.msg');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 8 * 1024 * 1024 * 1024); // sparse: 8 GiB declared, nothing written
    closeSync(fd);
    expect(await rejectionCode(path)).toBe('TOO_LARGE');
  });

  it('signs nothing, logs nothing as signed, answers with error messages, and no input costs more than 96 MB above the baseline', () => {
    const state = join(hsm.dir, 'state');
    const policy = join(hsm.dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ version: 1, unattended: true, rules: [{ keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'] }] }));
    const common = ['--policy', policy, '--state', state, '--uri', 'pkcs11:token=hostile', '--pin-file', hsm.pinFile, '--yes', '--allow-network'];
    const runs: string[][] = [];
    const outs: string[] = [];
    for (const c of cases) {
      const input = join(dir, `${c.name.replace(/\W+/g, '-')}.msg`);
      if (!existsSync(input)) writeFileSync(input, c.bytes());
      const out = join(dir, `${c.name.replace(/\W+/g, '-')}.answer`);
      outs.push(out);
      runs.push(['sign', '--in', input, '--out', out, ...common]);
    }
    // Requests that read fine but ask for what the policy or token refuses.
    const other = makeRequest([{ fingerprint: new Uint8Array(32).fill(9), keyType: { kind: 'ec', curve: 'p256' } }], [{ key: 0 }]);
    const refused = makeRequest(keys, [{ key: 0, name: 'com.not.allowed' }, { key: 0, artifact: 'jar', name: 'entry.jar' }]);
    for (const [name, request] of [['unknown-key', other], ['not-allowed', refused]] as const) {
      const input = join(dir, `${name}.msg`);
      writeFileSync(input, messageToTransfer(request));
      runs.push(['sign', '--in', input, '--out', join(dir, `${name}.answer`), ...common]);
    }
    // Frames of a 4 MiB transfer (the largest a frame may declare), too few to ever complete it.
    const frames = join(dir, 'big-frames');
    mkdirSync(frames, { recursive: true });
    loadFountain();
    const big = new FrameEncoder(new Uint8Array(LIMITS.maxTransferBytes).map((_, i) => (i * 7919) & 0xff), { density: 'max' });
    for (let i = 0; i < Math.floor(big.sourceSymbols * 0.7); i++) writeFileSync(join(frames, `frame-${String(i + 1).padStart(6, '0')}.bin`), big.next());
    big.dispose();
    runs.push(['sign', '--in', frames, '--out', join(dir, 'big-frames.answer'), ...common]);
    // Warm-up: a request the policy refuses, run twice before the measured runs, loads everything
    // a run loads (its answer is written to a scratch file, its refusal logged: see the log below).
    const warm = join(dir, 'warm-up.msg');
    writeFileSync(warm, messageToTransfer(refused));
    const warmRuns = [0, 1].map((i) => ['sign', '--in', warm, '--out', join(dir, `warm-up-${i}.answer`), ...common]);
    const list = join(dir, 'runs.json');
    writeFileSync(list, JSON.stringify([...warmRuns, ...runs]));
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(import.meta.dirname, '../support/rss-run.ts'), list, String(warmRuns.length)], { encoding: 'utf8', env: hsm.env, maxBuffer: 64 << 20 });
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { statuses: number[]; baselineRssBytes: number; growthBytes: number[] };
    expect(summary.statuses).toEqual([...cases.map(() => 1), 0, 0, 1]);
    expect(summary.baselineRssBytes).toBeGreaterThan(0);
    const names = [...cases.map((c) => c.name), 'unknown-key', 'not-allowed', 'big-frames'];
    const costly = summary.growthBytes.map((g, i) => [names[i], Math.round(g / 1024 / 1024)] as const).filter(([, mb]) => mb >= 96);
    expect(costly, `MB above the baseline of ${Math.round(summary.baselineRssBytes / 1024 / 1024)} MB`).toEqual([]);
    cases.forEach((c, i) => {
      const answer = transferToMessage(readFileSync(outs[i]!));
      expect(answer, c.name).toMatchObject({ kind: 'error', code: c.code });
    });
    const refusals = ['unknown-key', 'not-allowed'].flatMap((name) => {
      const answer = transferToMessage(readFileSync(join(dir, `${name}.answer`)));
      return answer.kind === 'response' ? answer.results.map((x) => (x.status === 'refused' ? x.reason : 'signed')) : ['not a response'];
    });
    expect(refusals).toEqual(['UNKNOWN_KEY', 'POLICY_PACKAGE_NOT_ALLOWED', 'POLICY_PACKAGE_NOT_ALLOWED']);
    expect(transferToMessage(readFileSync(join(dir, 'big-frames.answer')))).toMatchObject({ kind: 'error', code: 'INCOMPLETE' });
    const log = readFileSync(join(state, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(log.map((x) => x.event)).toEqual(['refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused']);
  });
});
