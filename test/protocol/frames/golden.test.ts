/** The committed golden frames (test/fixtures/frames/golden/README.md): the encoder reproduces them byte for byte. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { FrameDecoder, FrameEncoder, densityByName, readFrame, sessionIdFromSeed } from '../../../protocol/frames/index.ts';
import './support.ts';

const dir = resolve(import.meta.dirname, '../../fixtures/frames/golden');
const transfer = new Uint8Array(readFileSync(join(dir, 'transfer.bin')));
const names = readdirSync(join(dir, 'frames')).sort();
const golden = names.map((n) => new Uint8Array(readFileSync(join(dir, 'frames', n))));

describe('golden frames', () => {
  it('are six frames of a 368-byte transfer, session 0x9bfd758f', () => {
    expect(transfer.length).toBe(368);
    expect(names).toEqual(['frame-000001.bin', 'frame-000002.bin', 'frame-000003.bin', 'frame-000004.bin', 'frame-000005.bin', 'frame-000006.bin']);
    expect(sessionIdFromSeed(1)).toBe(0x9bfd758f);
    const ids = golden.map((f) => {
      const r = readFrame(f);
      return r.ok ? r.frame.esi : r.code;
    });
    expect(ids).toEqual([0, 1, 2, 10, 11, 12]);
  });

  it('are reproduced byte for byte from the transfer and the seed', () => {
    const encoder = new FrameEncoder(transfer, { density: densityByName('sparse'), sessionId: sessionIdFromSeed(1) });
    for (const expected of golden) expect(toHex(encoder.next())).toBe(toHex(expected));
    encoder.dispose();
  });

  it('keep the documented header of frame 4', () => {
    expect(toHex(golden[3]!.subarray(0, 26))).toBe('41530100' + '9bfd758f' + 'f328165e381a68a5' + '00000170' + '00b0' + '0000000a');
  });

  it('decode from any three of them', () => {
    for (const pick of [[3, 4, 5], [0, 4, 2], [5, 1, 3]]) {
      const decoder = new FrameDecoder();
      const statuses = pick.map((i) => decoder.push(golden[i]!).status);
      expect(statuses.at(-1)).toBe('complete');
      expect(toHex(decoder.result())).toBe(toHex(transfer));
    }
  });
});
