/** y4m: our writer and reader against each other, ffmpeg both ways, any chunking, hostile headers. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOpticalError, readY4m, Y4mReader, Y4mWriter } from '../../../protocol/optical/index.ts';
import type { GreyImage, Y4mColourspace } from '../../../protocol/optical/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-y4m-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function frames(count: number, width: number, height: number): GreyImage[] {
  return Array.from({ length: count }, (_, k) => {
    const data = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = (i * 3 + k * 40) & 255;
    return { width, height, data };
  });
}

function stream(writer: Y4mWriter, images: GreyImage[]): Uint8Array {
  const parts = [writer.header(), ...images.map((f) => writer.frame(f))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function expectCode(f: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(isOpticalError(thrown), String(thrown)).toBe(true);
  expect((thrown as { code: string }).code).toBe(code);
}

describe('y4m', () => {
  it('round-trips luma in every colourspace we write', () => {
    for (const cs of ['420jpeg', '422', '444', 'mono'] as Y4mColourspace[]) {
      const images = frames(3, 17, 9);
      const { info, frames: back } = readY4m(stream(new Y4mWriter(17, 9, 15, cs), images));
      expect(info).toMatchObject({ width: 17, height: 9, fpsNum: 15, fpsDen: 1, colourspace: cs });
      expect(back).toEqual(images);
    }
  });

  it('gives the same frames however the bytes are split', () => {
    const images = frames(4, 8, 6);
    const bytes = stream(new Y4mWriter(8, 6, 30), images);
    for (const size of [1, 2, 7, 50, 73, 1000]) {
      const reader = new Y4mReader();
      const got: GreyImage[] = [];
      for (let at = 0; at < bytes.length; at += size) got.push(...reader.push(bytes.subarray(at, at + size)));
      reader.finish();
      expect(got, `chunks of ${size}`).toEqual(images);
    }
  });

  it('interoperates with ffmpeg in both directions', () => {
    const images = frames(3, 32, 16);
    // ffmpeg reads ours and writes its own y4m in the same pixel format, which we read back.
    for (const [ours, pixFmt] of [['mono', 'gray'], ['420mpeg2', 'yuv420p']] as const) {
      const mine = join(dir, `ours-${ours}.y4m`);
      writeFileSync(mine, stream(new Y4mWriter(32, 16, 10, ours), images));
      const theirs = join(dir, `theirs-${pixFmt}.y4m`);
      const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', mine, '-pix_fmt', pixFmt, '-strict', '-1', theirs]);
      expect(r.status, r.stderr.toString()).toBe(0);
      const back = readY4m(readFileSync(theirs));
      expect(back.info.fpsNum / back.info.fpsDen).toBe(10);
      expect(back.frames, pixFmt).toEqual(images);
    }
  });

  it('refuses hostile streams with typed errors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expectCode(() => readY4m(enc('YUV4MPEG3 W2 H2\n')), 'BAD_Y4M');
    expectCode(() => readY4m(enc('YUV4MPEG2 W2\n')), 'BAD_Y4M');
    expectCode(() => readY4m(enc('YUV4MPEG2 W99999 H99999 C420jpeg\n')), 'IMAGE_TOO_LARGE');
    expectCode(() => readY4m(enc('YUV4MPEG2 W2 H2 C420p10\n')), 'UNSUPPORTED');
    expectCode(() => readY4m(enc('YUV4MPEG2 W2 H2 F0:1\n')), 'BAD_Y4M');
    expectCode(() => readY4m(enc(`YUV4MPEG2 W2 H2 X${'a'.repeat(5000)}\n`)), 'BAD_Y4M');
    expectCode(() => readY4m(enc('YUV4MPEG2 W2 H2 Cmono\nFRAMX\n\0\0\0\0')), 'BAD_Y4M');
    expectCode(() => readY4m(enc('YUV4MPEG2 W2 H2 Cmono\nFRAME\n\0\0')), 'BAD_Y4M');
    expectCode(() => readY4m(enc('')), 'BAD_Y4M');
    expectCode(() => new Y4mWriter(4, 4, 10).frame({ width: 2, height: 2, data: new Uint8Array(4) }), 'BAD_ARGUMENT');
  });
});
