/** node/frames/bin-format.ts (and file-names.ts), the bin frame format: numbered files out, name order back in, every file bounded before it is read. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../support/tools.ts';
import { densityByName } from '../../../protocol/frames/index.ts';
import type { FrameItem } from '../../../node/frames/index.ts';
import { binFormat, compareFileNames, frameFileName } from '../../../node/frames/index.ts';
import { frameFormat } from '../../../online/frames/index.ts';

const dirs: string[] = [];
const tempDir = () => {
  dirs.push(scratchDir('frames'));
  return dirs.at(-1)!;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function readAll(dir: string): Promise<FrameItem[]> {
  const items: FrameItem[] = [];
  for await (const item of binFormat.readFrames(dir)) items.push(item);
  return items;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('bin frame files', () => {
  it('writes one numbered file per frame and reads them back in order', async () => {
    const dir = join(tempDir(), 'out');
    const sink = await binFormat.openSink(dir, { density: densityByName('sparse'), count: 12 });
    for (let i = 0; i < 12; i++) await sink.write(Uint8Array.of(i, i));
    expect(await sink.close()).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual(Array.from({ length: 12 }, (_, i) => frameFileName(i, 12, 'bin')));
    const items = await readAll(dir);
    expect(items.map((it) => ('bytes' in it ? it.bytes[0] : it.problem))).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('refuses to write into a directory that already holds frames', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'frame-000001.bin'), 'old');
    expect(await codeOf(binFormat.openSink(dir, { density: densityByName('sparse'), count: 1 }))).toBe('OUTPUT_EXISTS');
  });

  it('orders names numerically and pads numbers to the count', () => {
    expect(frameFileName(0, 10, 'bin')).toBe('frame-000001.bin');
    expect(frameFileName(0, 12_345_678, 'bin')).toBe('frame-00000001.bin');
    expect(['frame-1000000.bin', 'frame-999999.bin', 'frame-000002.bin'].sort(compareFileNames)).toEqual([
      'frame-000002.bin',
      'frame-999999.bin',
      'frame-1000000.bin',
    ]);
  });

  it('reports oversized files and directories without reading them', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.bin'), new Uint8Array(70_000));
    mkdirSync(join(dir, 'b.bin'));
    writeFileSync(join(dir, 'c.bin'), Uint8Array.of(1));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const items = await readAll(dir);
    expect(items.map((it) => [it.label, 'problem' in it])).toEqual([
      ['a.bin', true],
      ['b.bin', true],
      ['c.bin', false],
    ]);
  });

  it('names what is wrong with the input and the format', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    expect(await codeOf(readAll(join(dir, 'file')))).toBe('NOT_A_DIRECTORY');
    expect(await codeOf(readAll(join(dir, 'missing')))).toBe('READ_FAILED');
    expect(await codeOf(Promise.resolve().then(() => frameFormat('gif')))).toBe('UNKNOWN_FORMAT');
  });
});
