/** online/cli/commands/frames-simulate.ts: `airsign frames simulate` from the command line: y4m in, y4m or PNG captures out, deterministic. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QR_PRESETS, readY4m } from '../../../protocol/optical/index.ts';
import { openVideoSink, scanVideo } from '../../../online/optical/index.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'airsign-simulate-'));
const preset = QR_PRESETS[1]!;
const payloads = Array.from({ length: 4 }, (_, k) => Uint8Array.from({ length: 300 }, (_, i) => (i * 13 + k * 101) & 255));

function airsign(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), ...args], { encoding: 'utf8' });
}

beforeAll(async () => {
  const sink = await openVideoSink(join(dir, 'shown.y4m'), { symbol: preset, fps: 5 });
  for (const p of payloads) await sink.write(p);
  await sink.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('airsign frames simulate', () => {
  it('writes the same captures for the same seed, which decode to the payloads shown', async () => {
    for (const name of ['a.y4m', 'b.y4m']) {
      const r = airsign('frames', 'simulate', join(dir, 'shown.y4m'), '--out', join(dir, name), '--seed', '9', '--severity', 'mild');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('frames shown at 5 fps');
    }
    const a = readFileSync(join(dir, 'a.y4m'));
    expect(readFileSync(join(dir, 'b.y4m')).equals(a)).toBe(true);
    const { info, frames } = readY4m(a);
    expect(info).toMatchObject({ width: 1280, height: 720, fpsNum: 30 });
    expect(frames.length).toBeGreaterThan(15); // 4 frames at 5 fps: 0.8 s, about 24 captures less drops
    const found = new Set<string>();
    for await (const item of scanVideo(join(dir, 'a.y4m'))) if ('bytes' in item) found.add(Buffer.from(item.bytes).toString('hex'));
    expect([...found].sort()).toEqual(payloads.map((p) => Buffer.from(p).toString('hex')).sort());
  });

  it('writes PNG captures to a directory, at the display rate given', () => {
    const out = join(dir, 'captures');
    const r = airsign('frames', 'simulate', join(dir, 'shown.y4m'), '--out', out, '--display-fps', '20', '--severity', 'harsh');
    expect(r.status, r.stderr).toBe(0);
    const names = readdirSync(out);
    expect(names.length).toBeGreaterThan(2);
    expect(names.length).toBeLessThanOrEqual(6); // 4 frames at 20 fps: 0.2 s
    expect(names.every((n) => /^capture-\d{6}\.png$/.test(n))).toBe(true);
  });

  it('refuses a bad severity with one line on stderr', () => {
    const r = airsign('frames', 'simulate', join(dir, 'shown.y4m'), '--out', join(dir, 'x.y4m'), '--severity', 'awful');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
