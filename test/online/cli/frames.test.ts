/**
 * `airsign frames encode` and `frames decode` end to end, through the real program: frames to
 * files, some lost, garbage mixed in, decoded back; and a clear failure when too few are left.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import { randomBytes, seededRandom, shuffle } from '../../protocol/frames/support.ts';
import { typicalRequest } from '../../protocol/messages/typical.ts';

const root = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'airsign-cli-frames-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function airsign(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const random = seededRandom(41);
const transferPath = join(work, 'transfer.bin');
const transfer = randomBytes(20_000, random); // low density: T = 376, K = 54
writeFileSync(transferPath, transfer);

describe('airsign frames encode / decode', () => {
  it('writes enough frames for a few losses; decodes after some are deleted and garbage is added', () => {
    const dir = join(work, 'lossy');
    const enc = airsign('frames', 'encode', transferPath, '--out', dir, '--format', 'bin', '--density', 'low', '--seed', '5');
    expect(enc.status, enc.stderr).toBe(0);
    expect(enc.stdout).toContain('54 symbols of 376 bytes');
    const names = readdirSync(dir).sort();
    expect(names.length).toBe(63); // K + 2 spare, plus 7 to survive 10% loss
    for (const name of shuffle([...names], random).slice(0, 6)) unlinkSync(join(dir, name));
    writeFileSync(join(dir, 'frame-000000.bin'), 'not a frame at all');
    writeFileSync(join(dir, 'frame-000010x.bin'), new Uint8Array(406));
    const out = join(work, 'lossy.out');
    const dec = airsign('frames', 'decode', dir, '--out', out);
    expect(dec.status, dec.stderr).toBe(0);
    expect(dec.stderr).toContain('frame-000000.bin: rejected BAD_MAGIC');
    expect(dec.stderr).toMatch(/progress \d+%/);
    expect(dec.stderr).toContain('complete:');
    expect(new Uint8Array(readFileSync(out))).toEqual(transfer);
  });

  it('carries a signing request file (a transfer) and gives back the same message', () => {
    const request = typicalRequest(100);
    const file = join(work, 'request.transfer');
    writeFileSync(file, messageToTransfer(request));
    const dir = join(work, 'request-frames');
    expect(airsign('frames', 'encode', file, '--out', dir, '--format', 'bin', '--density', 'sparse').status).toBe(0);
    for (const name of readdirSync(dir).sort().filter((_, i) => i % 9 === 4)) unlinkSync(join(dir, name));
    const out = join(work, 'request.out');
    expect(airsign('frames', 'decode', dir, '--out', out).status).toBe(0);
    expect(transferToMessage(new Uint8Array(readFileSync(out)))).toEqual(request);
  });

  it('exits non-zero with the reason and the progress reached when the frames run out', () => {
    const dir = join(work, 'short');
    expect(airsign('frames', 'encode', transferPath, '--out', dir, '--format', 'bin', '--density', 'low', '--count', '53').status).toBe(0);
    const out = join(work, 'short.out');
    const dec = airsign('frames', 'decode', dir, '--out', out);
    expect(dec.status).toBe(1);
    const last = dec.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^airsign: INCOMPLETE: frames ran out in .*: 53 of 54 symbols \(about 1 more needed\); 53 frames read/);
    expect(() => readFileSync(out)).toThrow();
  });

  it('reproduces the golden frames byte for byte', () => {
    const golden = join(root, 'test/fixtures/frames/golden');
    const dir = join(work, 'golden');
    const enc = airsign('frames', 'encode', join(golden, 'transfer.bin'), '--out', dir, '--format', 'bin', '--density', 'sparse', '--count', '6', '--seed', '1');
    expect(enc.status, enc.stderr).toBe(0);
    const names = readdirSync(dir).sort();
    expect(names).toEqual(readdirSync(join(golden, 'frames')).sort());
    for (const n of names) expect(readFileSync(join(dir, n)).equals(readFileSync(join(golden, 'frames', n))), n).toBe(true);
  });

  it('refuses bad arguments with one line', () => {
    const dir = join(work, 'refusals');
    const cases = [
      [['frames', 'encode', transferPath, '--out', dir, '--density', 'huge'], 'BAD_ARGUMENT'],
      [['frames', 'encode', transferPath, '--out', dir, '--format', 'gif'], 'UNKNOWN_FORMAT'],
      [['frames', 'encode', transferPath], 'USAGE'],
      [['frames', 'encode', transferPath, '--out', dir, '--count', '0'], 'USAGE'],
      [['frames', 'decode', join(work, 'nowhere'), '--out', join(work, 'x')], 'READ_FAILED'],
      [['frames', 'encode', join(work, 'no-such-transfer'), '--out', dir], 'READ_FAILED'],
    ] as const;
    for (const [args, code] of cases) {
      const r = airsign(...args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toContain(code);
    }
    expect(airsign('frames', 'encode', transferPath, '--out', dir, '--count', '3').status).toBe(0);
    const again = airsign('frames', 'encode', transferPath, '--out', dir, '--count', '3');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('OUTPUT_EXISTS');
  });
});
