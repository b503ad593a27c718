/**
 * `airsign frames decode --format bin` reads every file of the directory, whatever its name ends
 * in (frames copied off a stick as frame-1, frame-2...); and when nothing is read, the error says
 * what was looked for, rather than only "0 frames read" (for `receive --in DIR --format` too).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const AIRSIGN = resolve(import.meta.dirname, '../../../online/cli/airsign.js');
const dir = mkdtempSync(join(tmpdir(), 'airsign-frames-format-'));
const airsign = (...args: string[]) => spawnSync(process.execPath, [AIRSIGN, ...args], { encoding: 'utf8', cwd: dir });

describe('frames decode --format', () => {
  it('reads every file when the format is given, and says what it looked for when nothing is read', () => {
    const transfer = new Uint8Array(3000).map((_, i) => (i * 37) & 0xff);
    transfer.set([0x41, 0x53, 0x4d, 1, 0], 0); // any bytes will do: frames carry a transfer as bytes
    writeFileSync(join(dir, 'transfer.msg'), transfer);
    const frames = join(dir, 'frames');
    const encoded = airsign('frames', 'encode', join(dir, 'transfer.msg'), '--out', frames, '--format', 'bin');
    expect(encoded.status, encoded.stderr).toBe(0);
    for (const name of readdirSync(frames)) renameSync(join(frames, name), join(frames, name.replace(/\.bin$/, '')));

    const guessed = airsign('frames', 'decode', frames, '--out', join(dir, 'guessed.msg'));
    expect(guessed.status).not.toBe(0);
    expect(guessed.stderr.trim().split('\n').at(-1)).toMatch(/no frames read from .*frames: looked for QR pictures named \*\.png/);

    const asBin = airsign('frames', 'decode', frames, '--out', join(dir, 'decoded.msg'), '--format', 'bin');
    expect(asBin.status, asBin.stderr).toBe(0);
    expect(new Uint8Array(readFileSync(join(dir, 'decoded.msg')))).toEqual(transfer);

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const none = airsign('frames', 'decode', empty, '--out', join(dir, 'none.msg'), '--format', 'bin');
    expect(none.status).not.toBe(0);
    expect(none.stderr.trim()).toMatch(/^airsign: INCOMPLETE: no frames read from .*empty: looked for every file \(--format bin\), none found$/);
    // receive reads a response's frames the same way.
    const received = airsign('receive', join(dir, 'session'), '--in', empty, '--format', 'bin');
    expect(received.stderr.trim()).toMatch(/^airsign: INCOMPLETE: no frames read from .*empty: looked for every file \(--format bin\), none found$/);
  });
});
