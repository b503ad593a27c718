/**
 * kill -9 of the real `airsign-signer sign`, inside every window between two durable writes (the
 * test-only crash points) and at random moments, then reruns of the same request until one
 * finishes. Whatever the moment: exactly one answer is delivered per request (every rerun after
 * that sends the same bytes), every signature in it is in the audit log, no item has two signed
 * records for a scheme, and `audit verify` passes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { messageDigest, messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { sha256Hex } from '../../../offline/digest.ts';
import { journalPath } from '../../../offline/signing/journal.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { SIGNER_BIN, signerCli } from '../support/cli.ts';
import { makeRequest } from '../support/requests.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';
import { verifyResponse } from '../support/verify-response.ts';

const ITEMS = 120;
let hsm: SoftHsm;
let keys: MadeKey[];
let policy: string;
let state: string;
let n = 0;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('crash');
  // P-256 signs 120 items in a few milliseconds; the random kills need a batch that lasts (RSA 3072:
  // about 3 ms a signature here), or every run finishes before its kill lands.
  keys = makeKeys(hsm, 'crash', [{ label: 'app', keyType: { kind: 'ec', curve: 'p256' } }, { label: 'slow', keyType: { kind: 'rsa', bits: 3072 } }]);
  const initial = join(hsm.dir, 'policy-init.json');
  const init = signerCli(['policy', 'init', '--out', initial, '--uri', 'pkcs11:token=crash', '--kind', 'apk'], hsm.env);
  expect(init.status, init.stderr).toBe(0);
  policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(initial, 'utf8')), unattended: true, maxItemsPerRequest: ITEMS }));
  state = join(hsm.dir, 'state');
}, 120_000);

afterAll(() => hsm.remove());

interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * One `sign`, killed by its own crash point (crashAt), by us killAfterMs after its review is
 * printed (signing starts then, with --yes), or not at all.
 */
function sign(input: string, out: string, kill: { crashAt?: string; killAfterMs?: number } = {}): Promise<Run> {
  const args = ['sign', '--in', input, '--out', out, '--policy', policy, '--uri', 'pkcs11:token=crash', '--state', state, '--yes', '--pin-file', hsm.pinFile, '--allow-network'];
  const env = { ...hsm.env, ...(kill.crashAt === undefined ? {} : { AIRSIGN_TEST_CRASH_AT: kill.crashAt }) };
  const child = spawn(process.execPath, [SIGNER_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  let timer: NodeJS.Timeout | undefined;
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  // Random kills land once the token has signed an item of this run (a line more in the journal
  // than it held before). Killed between the review and the first signature (in C_Login), a run
  // once left the SoftHSM2 token unreadable to the next one ("not initialized"): SoftHSM2's own
  // files, not the signer's state, which this test is about. Those windows are the crash points'.
  const journal = journalPath(state, toHex(messageDigest(transferToMessage(new Uint8Array(readFileSync(input))))));
  const linesAtStart = journalLines(journal);
  let poll: NodeJS.Timeout | undefined;
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
    if (kill.killAfterMs === undefined || poll !== undefined || !stdout.includes('Batch:')) return;
    poll = setInterval(() => {
      if (journalLines(journal) < Math.max(2, linesAtStart + 1)) return;
      clearInterval(poll);
      timer = setTimeout(() => child.kill('SIGKILL'), kill.killAfterMs);
    }, 5);
  });
  const hang = setTimeout(() => child.kill('SIGKILL'), 180_000);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      clearTimeout(hang);
      resolve({ status, signal, stderr });
    });
  });
}

/** Lines in a journal file (0 when there is none). */
function journalLines(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').length - 1;
}

interface Logged {
  readonly event: string;
  readonly request?: string;
  readonly item?: number;
  readonly scheme?: string;
  readonly signature?: string;
}
const auditRecords = (): Logged[] =>
  readFileSync(join(state, 'audit.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Logged);

function newRequest(key = 0): { request: SigningRequest; input: string; out: string } {
  const request = makeRequest(
    [keys[key]!],
    Array.from({ length: ITEMS }, (_, i) => ({ key: 0, name: `org.example.crash${n}.item${i}` })),
  );
  const input = join(hsm.dir, `request-${n}.msg`);
  writeFileSync(input, messageToTransfer(request));
  return { request, input, out: join(hsm.dir, `response-${n++}.msg`) };
}

/** Reruns until one run finishes, then checks everything the request left behind. */
async function finishAndCheck(request: SigningRequest, input: string, out: string): Promise<string> {
  const done = await sign(input, out);
  expect(done.status, done.stderr).toBe(0);
  const answer = readFileSync(out);
  const response = transferToMessage(answer) as SigningResponse;
  expect(response.results.filter((r) => r.status === 'signed')).toHaveLength(ITEMS);
  expect(verifyResponse(request, response, keys)).toBe(ITEMS * 2);

  const hex = toHex(response.requestDigest);
  const records = auditRecords().filter((r) => r.event === 'signed' && r.request === hex);
  const logged = new Set(records.map((r) => `${r.item}/${r.scheme}/${r.signature}`));
  for (const result of response.results) {
    if (result.status !== 'signed') continue;
    for (const s of result.signatures) expect(logged.has(`${result.index}/${s.scheme}/${sha256Hex(s.signature)}`), `item ${result.index} ${s.scheme} not logged`).toBe(true);
  }
  // No item signed twice for a scheme, across every rerun.
  const perScheme = new Set(records.map((r) => `${r.item}/${r.scheme}`));
  expect(records.length).toBe(perScheme.size);
  expect(records.length).toBe(ITEMS * 2);

  // One answer per request: a rerun now sends the same bytes and logs nothing.
  const before = auditRecords().length;
  rmSync(out);
  const again = await sign(input, out);
  expect(again.status, again.stderr).toBe(0);
  expect(again.stderr).toContain('signed before; its stored answer is sent again');
  expect(readFileSync(out).equals(answer)).toBe(true);
  expect(auditRecords().length).toBe(before);

  const verify = signerCli(['audit', 'verify', '--state', state], hsm.env);
  expect(verify.status, verify.stderr + verify.stdout).toBe(0);
  return done.stderr;
}

describe('sign, killed', () => {
  const points = ['journaled:1', 'logged:1', 'journaled:60', 'logged:119', 'answer-stored:1', 'committed:1'];
  it.each(points)(
    'killed at %s: the rerun delivers one answer, everything logged once',
    async (point) => {
      const { request, input, out } = newRequest();
      const killed = await sign(input, out, { crashAt: point });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(existsSync(out)).toBe(false);
      const rerun = await finishAndCheck(request, input, out);
      // Killed mid-batch, the rerun answers what the journal holds without signing it again.
      if (point.startsWith('journaled') || point.startsWith('logged')) expect(rerun).toContain(`${Number(point.split(':')[1])} item(s) signed before a crash are answered from its in-progress journal`);
      if (point.startsWith('answer-stored')) expect(rerun).toContain('committed to the policy state now');
    },
    300_000,
  );

  it('killed at random moments, several times over one request, then rerun', async () => {
    const random = seededRandom(13);
    const outcomes: string[] = [];
    // Signing 120 items with the RSA key takes a third of a second to a few seconds here (load).
    for (let round = 0; round < 3; round++) {
      const { request, input, out } = newRequest(1);
      for (let kill = 0; kill < 3; kill++) {
        const r = await sign(input, out, { killAfterMs: Math.floor(random() * 150) });
        expect(r.signal === 'SIGKILL' || r.status === 0, r.stderr).toBe(true);
        outcomes.push(r.status === 0 ? 'finished' : /(\d+) item\(s\) signed before a crash/.exec(r.stderr)?.[0] ?? 'killed');
        if (r.status === 0) break;
      }
      const rerun = await finishAndCheck(request, input, out);
      outcomes.push(`rerun: ${/(\d+) item\(s\) signed before a crash/.exec(rerun)?.[0] ?? 'nothing to resume'}`);
    }
    console.log(`random kills: ${outcomes.join('; ')}`);
    // The kills did land (a journal path that never matched would let every run finish).
    expect(outcomes.filter((o) => o !== 'finished' && !o.startsWith('rerun')).length).toBeGreaterThan(0);
  }, 600_000);
});
