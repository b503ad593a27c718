/** The pure PNG codec: round trips, pngjs and ffmpeg as independent writers and readers, hostile files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { zlibSync } from 'fflate';
import { decodePng, encodePng, isOpticalError, MAX_PNG_SAMPLE_BYTES, pngChunk } from '../../../protocol/optical/index.ts';
import type { GreyImage } from '../../../protocol/optical/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-png-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pattern(width: number, height: number): GreyImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = (x * 7 + y * 13 + ((x * y) & 31)) & 255;
  return { width, height, data };
}

const luma = (r: number, g: number, b: number) => (r * 77 + g * 150 + b * 29 + 128) >> 8;

function pngFile(ihdr: { width: number; height: number; depth: number; colour: number; interlace?: number }, raw: Uint8Array, extra: Uint8Array[] = []): Uint8Array {
  const h = new Uint8Array(13);
  const v = new DataView(h.buffer);
  v.setUint32(0, ihdr.width);
  v.setUint32(4, ihdr.height);
  h[8] = ihdr.depth;
  h[9] = ihdr.colour;
  h[12] = ihdr.interlace ?? 0;
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), pngChunk('IHDR', h), ...extra, pngChunk('IDAT', zlibSync(raw)), pngChunk('IEND', new Uint8Array(0))];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

function expectCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(isOpticalError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

/** The file with its one IDAT body replaced by what `change` makes of it. */
function withIdat(png: Uint8Array, change: (idat: Uint8Array) => Uint8Array): Uint8Array {
  const at = 8 + 25; // signature, IHDR
  const length = new DataView(png.buffer, png.byteOffset).getUint32(at);
  return Uint8Array.from([...png.subarray(0, at), ...pngChunk('IDAT', change(png.subarray(at + 8, at + 8 + length))), ...png.subarray(at + 12 + length)]);
}

/** The file with its IDAT split into chunks of `size` bytes (any split is valid PNG). */
function splitIdat(png: Uint8Array, size: number): Uint8Array {
  const at = 8 + 25;
  const length = new DataView(png.buffer, png.byteOffset).getUint32(at);
  const idat = png.subarray(at + 8, at + 8 + length);
  const parts: number[] = [...png.subarray(0, at)];
  for (let i = 0; i < idat.length; i += size) parts.push(...pngChunk('IDAT', idat.subarray(i, i + size)));
  return Uint8Array.from([...parts, ...png.subarray(at + 12 + length)]);
}

describe('PNG', () => {
  it('decodes row by row across many IDAT chunks and inflate pieces: 16-bit RGB, plain and Adam7', () => {
    const width = 300;
    const height = 200;
    const sample = (x: number, y: number, c: number) => ((x * (3 + c) + y * (5 + 2 * c) + ((x ^ y) & 63)) * 97) & 0xffff;
    const expected = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) expected[y * width + x] = luma(sample(x, y, 0) >> 8, sample(x, y, 1) >> 8, sample(x, y, 2) >> 8);
    for (const interlace of [0, 1]) {
      const raw: number[] = [];
      const passes = interlace === 1 ? [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] : [[0, 0, 1, 1]];
      for (const [x0, y0, dx, dy] of passes) {
        for (let y = y0!; y < height; y += dy!) {
          raw.push(0);
          for (let x = x0!; x < width; x += dx!) for (let c = 0; c < 3; c++) raw.push(sample(x, y, c) >> 8, sample(x, y, c) & 255);
        }
      }
      const png = splitIdat(pngFile({ width, height, depth: 16, colour: 2, interlace }, Uint8Array.from(raw)), 1000);
      expect(png.length).toBeGreaterThan(20_000); // several 4 KiB inflate pieces, dozens of chunks
      expect(decodePng(png).data, `interlace ${interlace}`).toEqual(expected);
    }
  });

  it('round-trips grey images of odd sizes', () => {
    for (const [w, h] of [[1, 1], [3, 7], [257, 19]] as const) {
      const image = pattern(w, h);
      expect(decodePng(encodePng(image))).toEqual(image);
    }
  });

  it('writes PNGs that pngjs reads pixel for pixel', () => {
    const image = pattern(41, 23);
    const read = PNG.sync.read(Buffer.from(encodePng(image)));
    expect([read.width, read.height]).toEqual([41, 23]);
    for (let i = 0; i < image.data.length; i++) expect(read.data[4 * i]).toBe(image.data[i]);
  });

  it('reads every colour type pngjs writes, alpha over white', () => {
    const width = 9;
    const height = 5;
    const rgba = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([(i * 37) & 255, (i * 11) & 255, (i * 5) & 255, i % 3 === 0 ? 128 : 255], 4 * i);
    for (const [colorType, inputHasAlpha] of [[0, false], [2, false], [4, true], [6, true]] as const) {
      const png = new PNG({ width, height, colorType, inputHasAlpha: true, bitDepth: 8 });
      rgba.copy(png.data);
      const bytes = PNG.sync.write(png, { colorType, inputHasAlpha: true });
      const grey = decodePng(new Uint8Array(bytes));
      for (let i = 0; i < width * height; i++) {
        const [r, g, b, a] = [rgba[4 * i]!, rgba[4 * i + 1]!, rgba[4 * i + 2]!, inputHasAlpha ? rgba[4 * i + 3]! : 255];
        // pngjs converts to grey by averaging; compare against what the file holds.
        const stored = PNG.sync.read(bytes).data;
        const v = colorType === 0 || colorType === 4 ? stored[4 * i]! : luma(stored[4 * i]!, stored[4 * i + 1]!, stored[4 * i + 2]!);
        const expected = Math.trunc((v * a + 255 * (255 - a) + 127) / 255);
        expect(Math.abs(grey.data[i]! - expected), `type ${colorType} pixel ${i} (${r},${g},${b},${a})`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('reads what ffmpeg writes: every row filter, palette, 16-bit and 1-bit', () => {
    const src = join(dir, 'src.png');
    writeFileSync(src, encodePng(pattern(64, 48)));
    const original = decodePng(readFileSync(src));
    for (const [name, args, tolerance] of [
      ['paeth', ['-pred', 'paeth', '-pix_fmt', 'gray'], 0],
      ['mixed', ['-pred', 'mixed', '-pix_fmt', 'gray'], 0],
      ['sub-rgb', ['-pred', 'sub', '-pix_fmt', 'rgb24'], 1],
      ['avg-16', ['-pred', 'avg', '-pix_fmt', 'gray16be'], 0],
      ['up-ya8', ['-pred', 'up', '-pix_fmt', 'ya8'], 0],
    ] as const) {
      const out = join(dir, `${name}.png`);
      const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', src, ...args, out]);
      expect(r.status, r.stderr.toString()).toBe(0);
      const got = decodePng(readFileSync(out));
      let worst = 0;
      for (let i = 0; i < got.data.length; i++) worst = Math.max(worst, Math.abs(got.data[i]! - original.data[i]!));
      expect(worst, name).toBeLessThanOrEqual(tolerance);
    }
    // Palette: ffmpeg's quantiser changes the pixels, so compare with pngjs reading the same file.
    const pal = join(dir, 'pal8.png');
    expect(spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', src, '-pix_fmt', 'pal8', pal]).status).toBe(0);
    const viaPngjs = PNG.sync.read(readFileSync(pal)).data;
    const ours = decodePng(readFileSync(pal));
    for (let i = 0; i < ours.data.length; i++) expect(Math.abs(ours.data[i]! - luma(viaPngjs[4 * i]!, viaPngjs[4 * i + 1]!, viaPngjs[4 * i + 2]!))).toBeLessThanOrEqual(1);
    const mono = join(dir, 'mono.png');
    expect(spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', src, '-pix_fmt', 'monob', mono]).status).toBe(0);
    const bits = decodePng(readFileSync(mono));
    expect(new Set(bits.data)).toEqual(new Set([0, 255]));
  });

  it('reads Adam7-interlaced images', () => {
    const image = pattern(13, 11);
    // Each pass's rows, filter 0, in pass order: an independent, naive writer.
    const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
    const raw: number[] = [];
    for (const [x0, y0, dx, dy] of passes) {
      for (let y = y0!; y < image.height; y += dy!) {
        const row: number[] = [];
        for (let x = x0!; x < image.width; x += dx!) row.push(image.data[y * image.width + x]!);
        if (row.length > 0) raw.push(0, ...row);
      }
    }
    expect(decodePng(pngFile({ width: 13, height: 11, depth: 8, colour: 0, interlace: 1 }, Uint8Array.from(raw)))).toEqual(image);
  });

  it('refuses hostile files with typed errors, before allocating', () => {
    const good = encodePng(pattern(8, 8));
    expectCode(() => decodePng(good.subarray(0, 7)), 'BAD_PNG');
    expectCode(() => decodePng(good.subarray(0, good.length - 20)), 'BAD_PNG');
    const flipped = good.slice();
    flipped[40]! ^= 1;
    expectCode(() => decodePng(flipped), 'BAD_PNG');
    // 100000 x 100000 declared: refused from the header, nothing that size is allocated.
    expectCode(() => decodePng(pngFile({ width: 100_000, height: 100_000, depth: 8, colour: 0 }, new Uint8Array(10))), 'IMAGE_TOO_LARGE');
    expectCode(() => decodePng(pngFile({ width: 4, height: 4, depth: 8, colour: 0 }, new Uint8Array(10)), { maxPixels: 15 }), 'IMAGE_TOO_LARGE');
    expectCode(() => decodePng(pngFile({ width: 4, height: 4, depth: 3, colour: 0 }, new Uint8Array(20))), 'BAD_PNG');
    expectCode(() => decodePng(pngFile({ width: 4, height: 4, depth: 8, colour: 0 }, new Uint8Array(10))), 'BAD_PNG');
    expectCode(() => decodePng(pngFile({ width: 2, height: 1, depth: 8, colour: 0 }, Uint8Array.of(9, 1, 2))), 'BAD_PNG');
    expectCode(() => decodePng(pngFile({ width: 2, height: 1, depth: 8, colour: 3 }, Uint8Array.of(0, 1, 2))), 'BAD_PNG');
    // 7680x4320 16-bit RGBA (265 MB of samples) declared in the IHDR: refused before any inflating.
    expectCode(() => decodePng(pngFile({ width: 7680, height: 4320, depth: 16, colour: 6 }, new Uint8Array(10))), 'IMAGE_TOO_LARGE');
    expectCode(() => decodePng(pngFile({ width: 7680, height: 4320, depth: 16, colour: 2 }, new Uint8Array(10))), 'IMAGE_TOO_LARGE');
    // Bit depth counts: 4x4 16-bit RGBA is 128 bytes of samples, 8-bit is 64.
    expectCode(() => decodePng(pngFile({ width: 4, height: 4, depth: 16, colour: 6 }, new Uint8Array(4 * 33)), { maxSampleBytes: 100 }), 'IMAGE_TOO_LARGE');
    expect(decodePng(pngFile({ width: 4, height: 4, depth: 8, colour: 6 }, new Uint8Array(4 * 17)), { maxSampleBytes: 100 }).data.length).toBe(16);
    expect(MAX_PNG_SAMPLE_BYTES).toBe(7680 * 4320 * 4);
    // Data that stops short, in the middle of a row or of the deflate stream.
    expectCode(() => decodePng(pngFile({ width: 4, height: 4, depth: 8, colour: 0 }, new Uint8Array(5 * 3 + 2))), 'BAD_PNG');
    const cut = pngFile({ width: 4, height: 4, depth: 8, colour: 0 }, new Uint8Array(20));
    expectCode(() => decodePng(withIdat(cut, (idat) => idat.subarray(0, idat.length - 6))), 'BAD_PNG');
    // A deflate bomb: 10 MB of zeros for a 4x4 image inflates only as far as the image needs.
    const bomb = pngFile({ width: 4, height: 4, depth: 8, colour: 0 }, new Uint8Array(10_000_000));
    expect(decodePng(bomb).data.length).toBe(16);
  });
});
