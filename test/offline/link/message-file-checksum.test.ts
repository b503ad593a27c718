/**
 * offline/link/message-file.ts: A damaged message file: a request file with any one bit flipped is refused with a typed reason
 * by the signer, nothing is signed, and the state directory is left as it was. (Format 1 transfers
 * had no checksum: one flipped bit in a request file made another valid request, which was signed.)
 *
 * Every bit goes through the signer's own reader (readRequest, which `sign --in FILE` uses); a
 * sample of them goes through the whole `airsign-signer sign` program, run in one process.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import { readRequest } from '../../../offline/link/read-request.ts';
import { makeRequest } from '../support/requests.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let dir: string;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('bitflip');
  keys = makeKeys(hsm, 'bitflip', [{ label: 'k', keyType: { kind: 'ec', curve: 'p256' } }]);
  dir = mkdtempSync(join(hsm.dir, 'flips-'));
}, 120_000);

afterAll(() => hsm.remove());

/** The codes a damaged transfer may be refused with: each names what failed. */
const DAMAGE = ['BAD_CHECKSUM', 'BAD_MAGIC', 'UNKNOWN_VERSION', 'UNSUPPORTED', 'TOO_LARGE'];

function flipped(file: Uint8Array, bit: number): Uint8Array {
  const out = file.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

async function refusal(path: string): Promise<string> {
  try {
    await readRequest(path);
  } catch (e) {
    const err = e as { code: string; cause?: { code?: string } };
    return `${err.code}/${err.cause?.code ?? ''}`;
  }
  return 'accepted';
}

/** Every file of the state directory and its SHA-256 (the lock file comes and goes with each run). */
function snapshot(state: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(state, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const name = entry.name;
    if (name.endsWith('.lock') || name === 'lock') continue;
    if (entry.isDirectory()) Object.assign(out, snapshot(join(state, name), `${prefix}${name}/`));
    else out[`${prefix}${name}`] = createHash('sha256').update(readFileSync(join(state, name))).digest('hex');
  }
  return out;
}

describe('a request file with one flipped bit', () => {
  const request = () => makeRequest(keys, [{ key: 0, name: 'org.example.app', versionCode: 3 }, { key: 0, name: 'org.example.other', versionCode: 9 }]);

  it('is refused, typed, for every bit position', async () => {
    const file = messageToTransfer(request());
    const codes = new Map<string, number>();
    const path = join(dir, 'flip.msg');
    for (let bit = 0; bit < file.length * 8; bit++) {
      writeFileSync(path, flipped(file, bit));
      const code = await refusal(path);
      expect(code, `bit ${bit}`).toMatch(/^BAD_REQUEST\//);
      expect(DAMAGE, `bit ${bit}: ${code}`).toContain(code.slice('BAD_REQUEST/'.length));
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    console.info(`${file.length * 8} flipped bits of a ${file.length}-byte request file:`, JSON.stringify(Object.fromEntries(codes)));
    expect(codes.get('BAD_REQUEST/BAD_CHECKSUM')).toBeGreaterThan(file.length * 8 - 64);
  }, 120_000);

  it('signs nothing through airsign-signer sign, answers with a typed error, and leaves the state directory unchanged', () => {
    const state = join(hsm.dir, 'state');
    const policy = join(hsm.dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ version: 1, unattended: true, rules: [{ keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'] }] }));
    const common = ['--policy', policy, '--state', state, '--uri', 'pkcs11:token=bitflip', '--pin-file', hsm.pinFile, '--yes', '--allow-network'];
    const run = (argvs: string[][]) => {
      const list = join(dir, `runs-${argvs.length}.json`);
      writeFileSync(list, JSON.stringify(argvs));
      const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(import.meta.dirname, '../support/rss-run.ts'), list], { encoding: 'utf8', env: hsm.env, maxBuffer: 64 << 20 });
      return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { statuses: number[] }).statuses;
    };
    // One good request signed first, so the state directory holds a log and a policy state to keep.
    const good = join(dir, 'good.msg');
    writeFileSync(good, messageToTransfer(request()));
    expect(run([['sign', '--in', good, '--out', join(dir, 'good.answer'), ...common]])).toEqual([0]);
    const before = snapshot(state);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['audit.log', 'policy-state.json']));

    const file = messageToTransfer(request());
    // 97 is prime to 8: the sample walks through every bit position of a byte, across the whole file.
    const bits = Array.from({ length: Math.ceil((file.length * 8) / 97) }, (_, i) => i * 97);
    const runs = bits.map((bit) => {
      const input = join(dir, `bit-${bit}.msg`);
      writeFileSync(input, flipped(file, bit));
      return ['sign', '--in', input, '--out', join(dir, `bit-${bit}.answer`), ...common];
    });
    expect(run(runs)).toEqual(bits.map(() => 1));
    for (const bit of bits) {
      const answer = transferToMessage(readFileSync(join(dir, `bit-${bit}.answer`)));
      expect(answer.kind, `bit ${bit}`).toBe('error');
      expect(DAMAGE, `bit ${bit}`).toContain((answer as { code: string }).code);
    }
    expect(snapshot(state)).toEqual(before);
  }, 300_000);
});
