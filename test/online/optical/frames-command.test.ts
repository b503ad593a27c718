/**
 * online/cli/commands/frames-encode.ts and frames-decode.ts: `airsign frames encode / decode` with the optical formats, through the real program: QR
 * pictures (the default), videos (y4m, mp4), and a video through the camera simulator; the
 * message comes back byte for byte, or the command says why not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'airsign-optical-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function airsign(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), ...args], { encoding: 'utf8' });
}

const message = Uint8Array.from({ length: 9000 }, (_, i) => (i * 2654435761) >>> 24);
const messagePath = join(work, 'message.bin');
writeFileSync(messagePath, message);

function decodesBack(input: string, name: string): void {
  const out = join(work, `${name}.out`);
  const r = airsign('frames', 'decode', input, '--out', out);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toContain('complete:');
  expect(new Uint8Array(readFileSync(out))).toEqual(message);
}

describe('airsign frames encode / decode, optical formats', () => {
  it('writes QR pictures by default and reads them back', () => {
    const dir = join(work, 'pictures');
    const r = airsign('frames', 'encode', messagePath, '--out', dir, '--density', 'high');
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dir).every((n) => /^frame-\d{6}\.png$/.test(n))).toBe(true);
    decodesBack(dir, 'pictures');
  });

  it.each(['y4m', 'mp4'])('writes a %s video and reads it back', (ext) => {
    const video = join(work, `frames.${ext}`);
    const r = airsign('frames', 'encode', messagePath, '--out', video, '--density', 'dense', '--fps', '12');
    expect(r.status, r.stderr).toBe(0);
    decodesBack(video, ext);
  });

  it('recovers the message from what a simulated webcam captured of the video', () => {
    const shown = join(work, 'shown.y4m');
    expect(airsign('frames', 'encode', messagePath, '--out', shown, '--density', 'medium', '--fps', '15').status).toBe(0);
    const captured = join(work, 'captured.y4m');
    const sim = airsign('frames', 'simulate', shown, '--out', captured, '--seed', '3');
    expect(sim.status, sim.stderr).toBe(0);
    decodesBack(captured, 'captured');
  });

  it('says how far it got when a video ends before the message is whole', () => {
    const short = join(work, 'short.y4m');
    expect(airsign('frames', 'encode', messagePath, '--out', short, '--density', 'high', '--count', '3').status).toBe(0);
    const r = airsign('frames', 'decode', short, '--out', join(work, 'short.out'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/INCOMPLETE: frames ran out in .*short\.y4m: 3 of 8 symbols/);
  });

  it('writes 4 codes a picture with --codes 4 and reads every code back', () => {
    const dir = join(work, 'four');
    const r = airsign('frames', 'encode', messagePath, '--out', dir, '--density', 'high', '--codes', '4');
    expect(r.status, r.stderr).toBe(0);
    const frames = Number(/wrote (\d+) frames in (\d+) pictures of 4 codes/.exec(r.stdout)?.[1]);
    const pictures = readdirSync(dir).filter((n) => n.endsWith('.png')).sort();
    expect(pictures.length).toBe(Math.ceil(frames / 4));
    // An outside reader sees four codes in a picture.
    const zbar = spawnSync('zbarimg', ['--quiet', '--xml', join(dir, pictures[0]!)], { encoding: 'latin1' });
    if (zbar.error === undefined) expect((zbar.stdout.match(/<symbol /g) ?? []).length, zbar.stderr).toBe(4);
    else console.warn(`zbarimg not run: ${zbar.error.message}`);
    decodesBack(dir, 'four');
  });

  it.each([['1', 'y4m'], ['2', 'y4m'], ['4', 'mp4']])('round-trips --codes %s through a %s video', (codes, ext) => {
    const video = join(work, `codes-${codes}.${ext}`);
    const r = airsign('frames', 'encode', messagePath, '--out', video, '--density', 'medium', '--codes', codes);
    expect(r.status, r.stderr).toBe(0);
    decodesBack(video, `codes-${codes}-${ext}`);
  });

  it('refuses a --codes count it cannot draw, and --codes on raw frame files', () => {
    for (const bad of ['3', '0', '8', 'two']) {
      const r = airsign('frames', 'encode', messagePath, '--out', join(work, `bad-${bad}`), '--codes', bad);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toMatch(/USAGE: option --codes expects one of 1, 2, 4/);
    }
    const bin = airsign('frames', 'encode', messagePath, '--out', join(work, 'bin-codes'), '--format', 'bin', '--codes', '4');
    expect(bin.status).toBe(2);
    expect(bin.stderr).toMatch(/USAGE: --codes applies to QR pictures and video/);
  });
});
