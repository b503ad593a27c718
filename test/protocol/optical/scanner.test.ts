/** The scanner: region tracking, downscaling, every pixel layout, and the jsQR policies. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyGreyRegion, frameImage, greyImage, greyToRgba, multiFrameImage, QR_PRESETS, QrScanner, VIDEO_720P, WHOLE_FRAME_EVERY, ZxingDecoder } from '../../../protocol/optical/index.ts';
import type { FramePixels, GreyImage } from '../../../protocol/optical/index.ts';
import { zxingWasmPath } from '../../../node/wasm.ts';

let zxing: ZxingDecoder;
beforeAll(async () => {
  zxing = await ZxingDecoder.load({ wasmBinary: new Uint8Array(readFileSync(zxingWasmPath())) });
});

const payload = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed * 17) & 255);

/** A 1280x720 frame with the code shifted right by dx pixels. */
function shifted(image: GreyImage, dx: number): GreyImage {
  const out = greyImage(image.width, image.height, 255);
  for (let y = 0; y < image.height; y++) out.data.set(image.data.subarray(y * image.width, (y + 1) * image.width - dx), y * image.width + dx);
  return out;
}

describe('QrScanner', () => {
  it('searches the whole frame first, then where the code was, downscaled when modules are big', () => {
    const scanner = new QrScanner(zxing);
    const sparse = QR_PRESETS[0]!;
    const frames = [0, 1, 2].map((k) => frameImage(payload(sparse.payloadBytes, k), sparse, VIDEO_720P));
    expect(scanner.scan(frames[0]!)?.via).toBe('frame');
    const region = scanner.region!;
    // A version-10 code on 720 rows has 11-pixel modules: the region is searched at a third of the pixels.
    expect(region.width * region.height).toBeLessThan(1280 * 720 * 0.6);
    const second = scanner.scan(frames[1]!);
    expect(second?.via).toBe('region');
    expect(second?.payload).toEqual(payload(sparse.payloadBytes, 1));
    expect(scanner.scan(frames[2]!)?.payload).toEqual(payload(sparse.payloadBytes, 2));
    expect(scanner.stats).toMatchObject({ frames: 3, frame: 1, region: 2, misses: 0 });
  });

  it('reads every code of a picture of several, tracks their region, and finds codes that appear outside it', () => {
    const scanner = new QrScanner(zxing);
    const low = QR_PRESETS[1]!;
    const four = (k: number) => multiFrameImage([0, 1, 2, 3].map((i) => payload(low.payloadBytes, 10 * k + i)), low, VIDEO_720P);
    const sorted = (found: { payload: Uint8Array }[]) => found.map((f) => Array.from(f.payload.subarray(0, 4)).join()).sort();
    const expected = (k: number) => sorted([0, 1, 2, 3].map((i) => ({ payload: payload(low.payloadBytes, 10 * k + i) })));
    const first = scanner.scanAll(four(0), 4);
    expect(first.map((f) => f.via)).toEqual(['frame', 'frame', 'frame', 'frame']);
    expect(sorted(first)).toEqual(expected(0));
    const second = scanner.scanAll(four(1), 4);
    expect(second.every((f) => f.via === 'region')).toBe(true);
    expect(sorted(second)).toEqual(expected(1));
    // One small code at the left edge: its region; then a second code appears at the right edge,
    // outside that region, and is found by the periodic whole-frame search.
    const fresh = new QrScanner(zxing);
    const code = (k: number) => frameImage(payload(low.payloadBytes, k), low, { width: 400, height: 400, fit: 'box' });
    const place = (codes: GreyImage[]) => {
      const out = greyImage(1280, 720, 255);
      codes.forEach((c, i) => {
        const x0 = i === 0 ? 0 : 1280 - c.width;
        for (let y = 0; y < c.height; y++) out.data.set(c.data.subarray(y * c.width, (y + 1) * c.width), (160 + y) * 1280 + x0);
      });
      return out;
    };
    expect(fresh.scanAll(place([code(50)]), 4)).toHaveLength(1);
    let seenBoth = 0;
    for (let i = 0; i <= WHOLE_FRAME_EVERY; i++) if (fresh.scanAll(place([code(50), code(51)]), 4).length === 2) seenBoth = i + 1;
    expect(seenBoth).toBeGreaterThan(0);
  });

  it('finds the code again after it moves out of the tracked region', () => {
    const scanner = new QrScanner(zxing, { regionMisses: 1 });
    const medium = QR_PRESETS[2]!;
    const frame = frameImage(payload(medium.payloadBytes, 5), medium, VIDEO_720P);
    const square = frameImage(payload(medium.payloadBytes, 6), medium, { width: 720, height: 720, fit: 'box' });
    const moved = greyImage(1280, 720, 255);
    for (let y = 0; y < 720; y++) moved.data.set(square.data.subarray(y * 720, (y + 1) * 720), y * 1280 + 560);
    expect(scanner.scan(frame)?.via).toBe('frame');
    const found = scanner.scan(moved);
    expect(found?.via).toBe('frame');
    expect(found?.payload).toEqual(payload(medium.payloadBytes, 6));
    expect(found!.corners.topLeft.x).toBeGreaterThan(560);
    expect(scanner.scan(shifted(moved, 0))?.via).toBe('region');
  });

  it('reads grey, RGBA, BGRA and padded rows alike', () => {
    const dense = QR_PRESETS[4]!;
    const bytes = payload(dense.payloadBytes, 9);
    const grey = frameImage(bytes, dense, VIDEO_720P);
    const rgba = greyToRgba(grey);
    const stride = 1280 + 64;
    const padded = new Uint8Array(stride * 720);
    for (let y = 0; y < 720; y++) padded.set(grey.data.subarray(y * 1280, (y + 1) * 1280), y * stride);
    const inputs: FramePixels[] = [
      { width: 1280, height: 720, format: 'grey', data: grey.data },
      { width: 1280, height: 720, format: 'rgba', data: rgba.data },
      { width: 1280, height: 720, format: 'bgra', data: rgba.data },
      { width: 1280, height: 720, format: 'grey', stride, data: padded },
    ];
    for (const input of inputs) {
      const scanner = new QrScanner(zxing);
      expect(scanner.scan(input)?.payload, `${input.format} ${input.stride ?? ''}`).toEqual(bytes);
      // Version 30 on 720 rows has 5-pixel modules: the region is searched at a factor of 1.5.
      const again = scanner.scan(input);
      expect(again?.via, `${input.format} ${input.stride ?? ''}`).toBe('region');
      expect(again?.payload).toEqual(bytes);
    }
  });

  it('downscales by a fractional factor, taking the nearest pixel of every colour layout', () => {
    const width = 8;
    const grey = Uint8Array.from({ length: width * 4 }, (_, i) => i);
    const rgba = new Uint8Array(grey.length * 4);
    grey.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
    const rect = { x: 1, y: 1, width: 6, height: 3 };
    for (const frame of [{ width, height: 4, format: 'grey', data: grey }, { width, height: 4, format: 'rgba', data: rgba }] as FramePixels[]) {
      const out = new Uint8Array(8);
      expect(copyGreyRegion(frame, rect, 1.5, out)).toEqual({ width: 4, height: 2 });
      // Output pixel (x, y) is source (1 + floor((x + 0.5) * 1.5), 1 + floor((y + 0.5) * 1.5)).
      expect([...out]).toEqual([9, 11, 12, 14, 25, 27, 28, 30]);
    }
  });

  it('falls back to jsQR without wasm, and on a miss when asked', () => {
    const low = QR_PRESETS[1]!;
    const bytes = payload(low.payloadBytes, 3);
    const image = frameImage(bytes, low);
    const jsOnly = new QrScanner(undefined);
    const found = jsOnly.scan(image);
    expect(found?.via).toBe('jsqr');
    expect(found?.payload).toEqual(bytes);
    const blank = greyImage(640, 480, 200);
    const onMiss = new QrScanner(zxing, { jsqr: 'on-miss' });
    expect(onMiss.scan(blank)).toBeUndefined();
    expect(onMiss.stats.misses).toBe(1);
    expect(() => new QrScanner(undefined, { jsqr: 'never' })).toThrow(/jsQR/);
  });

  it('gives jsQR a downscaled copy of a region larger than its pixel budget, and maps the corners back', () => {
    const low = QR_PRESETS[1]!;
    const bytes = payload(low.payloadBytes, 4);
    const image = frameImage(bytes, low, VIDEO_720P);
    const full = new QrScanner(undefined).scan(image);
    const budgeted = new QrScanner(undefined, { jsqrMaxPixels: 300_000 }).scan(image); // 1280x720 is searched at 640x360
    expect(budgeted?.via).toBe('jsqr');
    expect(budgeted?.payload).toEqual(bytes);
    expect(Math.abs(budgeted!.corners.topLeft.x - full!.corners.topLeft.x)).toBeLessThan(4);
    expect(Math.abs(budgeted!.corners.bottomRight.y - full!.corners.bottomRight.y)).toBeLessThan(4);
  });

  it('refuses frames whose buffer does not match their size', () => {
    const scanner = new QrScanner(zxing);
    expect(() => scanner.scan({ width: 100, height: 100, format: 'rgba', data: new Uint8Array(100 * 100) })).toThrow(/too small/);
    expect(() => scanner.scan({ width: 0, height: 100, format: 'grey', data: new Uint8Array(0) })).toThrow();
  });
});
