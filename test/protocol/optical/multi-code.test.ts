/**
 * Several codes in one displayed frame: each an independent fountain frame of the same
 * encoder; our scanner reads them all from one image, and zbarimg (a decoder we did not
 * write) counts the same symbols in a PNG of it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { densityByName, FrameDecoder, FrameEncoder } from '../../../protocol/frames/index.ts';
import { encodePng, FIT_720, isOpticalError, multiFrameImage, QrScanner, symbolOf, VIDEO_720P, ZxingDecoder } from '../../../protocol/optical/index.ts';
import { zxingWasmPath } from '../../../node/wasm.ts';
import { loadFountain } from '../../../node/wasm.ts';

loadFountain();

const dir = mkdtempSync(join(tmpdir(), 'airsign-multi-'));
let zxing: ZxingDecoder;
beforeAll(async () => {
  zxing = await ZxingDecoder.load({ wasmBinary: new Uint8Array(readFileSync(zxingWasmPath())) });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasZbar = spawnSync('zbarimg', ['--version']).status === 0;
if (!hasZbar) console.warn('multi-code: zbarimg not installed, the outside-decoder count is skipped');

function transfer(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 131 + 7) & 255;
  return out;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('several codes a displayed frame', () => {
  it.each([
    ['dense', 2, FIT_720],
    ['dense', 4, FIT_720],
    ['medium', 2, VIDEO_720P],
    ['medium', 4, VIDEO_720P],
  ] as const)('%s: an image of %i codes decodes to that many distinct frames', (density, n, layout) => {
    const preset = densityByName(density);
    const encoder = new FrameEncoder(transfer(40_000), { density, sessionId: 7 });
    const frames = Array.from({ length: n }, () => encoder.next());
    const image = multiFrameImage(frames, symbolOf(preset), layout);
    const found = new QrScanner(zxing).scanAll(image, 4);
    expect(found.map((r) => hex(r.payload)).sort()).toEqual(frames.map(hex).sort());
    // Every one is new to the frame decoder (none is taken as a duplicate).
    const decoder = new FrameDecoder();
    for (const r of found) expect(decoder.push(r.payload).status).toMatch(/accepted|switched/);
    if (hasZbar) {
      const file = join(dir, `${density}-${n}.png`);
      writeFileSync(file, encodePng(image));
      // --xml lists each symbol (its bytes come through charset guessing here, so only the count is compared).
      const r = spawnSync('zbarimg', ['--quiet', '--xml', '--nodbus', '-Sdisable', '-Sqrcode.enable', file]);
      expect(r.status, r.stderr.toString()).toBe(0);
      expect(r.stdout.toString().match(/<symbol /g)?.length).toBe(n);
    }
  });

  it('refuses a count other than 1, 2 or 4', () => {
    let thrown: unknown;
    try {
      multiFrameImage([new Uint8Array(10), new Uint8Array(10), new Uint8Array(10)], { version: 10, ecLevel: 'L' });
    } catch (e) {
      thrown = e;
    }
    expect(isOpticalError(thrown, 'BAD_ARGUMENT')).toBe(true);
  });
});
