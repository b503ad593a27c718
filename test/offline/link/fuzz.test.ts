/**
 * offline/link/read-request.ts and message-file.ts: Fuzzing the signer's way in: mutated message files, directories of mutated frame files, QR
 * pictures with mutated PNG headers and videos with mutated y4m headers go through the real `sign`
 * command (in this process, on a SoftHSM2 token). Every one is refused with a typed error whose
 * code says why, and the state directory (audit log, its anchor, the policy state) is byte for
 * byte what it was. (A mutant that is still a well-formed request, e.g. with bytes appended after
 * the deflate stream, is reviewed and logged like any request.) Seeded: a failure replays the same way.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../protocol/cli/parse.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { FrameEncoder } from '../../../protocol/frames/index.ts';
import { messageDigest, messageToTransfer } from '../../../protocol/messages/index.ts';
import { decodePng, encodePng, frameImage, pngChunk, symbolOf, VIDEO_720P, Y4mWriter } from '../../../protocol/optical/index.ts';
import { densityByName } from '../../../protocol/frames/index.ts';
import { signCommand } from '../../../offline/cli/commands/sign.ts';
import { loadFountain } from '../../../node/wasm.ts';
import { readRequest } from '../../../offline/link/read-request.ts';
import { reseal, tamper } from '../../protocol/frames/forge.ts';
import { sealChecksum } from '../../../protocol/transfer/index.ts';
import { randomBytes, seededRandom } from '../../protocol/frames/support.ts';
import { makeRequest } from '../support/requests.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let policy: string;
let state: string;
let cases: string;
let n = 0;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('fuzz');
  keys = makeKeys(hsm, 'fuzz', [{ label: 'k', keyType: { kind: 'ec', curve: 'p256' } }]);
  policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ version: 1, unattended: true, rules: [{ keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'] }] }));
  state = join(hsm.dir, 'state');
  cases = mkdtempSync(join(hsm.dir, 'cases-'));
  loadFountain();
}, 120_000);

afterAll(() => hsm.remove());

/** Runs `airsign-signer sign` in this process; the exit status, or the error it threw. */
async function sign(input: string): Promise<{ status: number } | { error: unknown }> {
  const args = ['--in', input, '--out', join(cases, `answer-${n++}.msg`), '--policy', policy, '--uri', 'pkcs11:token=fuzz', '--state', state, '--pin-file', hsm.pinFile, '--yes', '--allow-network'];
  const parsed = parseCommandLine(signCommand, args);
  try {
    return { status: await signCommand.run({ positionals: parsed.positionals, options: parsed.options, out: () => {}, log: () => {} }) };
  } catch (error) {
    return { error };
  }
}

/** Every file of the state directory (its folders too) and a hash of its bytes. */
function snapshot(dir = state, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(out, snapshot(path, `${prefix}${entry.name}/`));
    else out[`${prefix}${entry.name}`] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

/** A typed refusal: an error with an upper-case code (and, for BAD_REQUEST, the protocol's or picture's code in front). */
function refusalCode(outcome: { status: number } | { error: unknown }): string {
  if (!('error' in outcome)) return `accepted with status ${outcome.status}`;
  const e = outcome.error as { code?: unknown; message?: unknown };
  if (typeof e.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(e.code)) return `untyped: ${String(outcome.error)}`;
  if (e.code !== 'BAD_REQUEST') return e.code;
  return /^([A-Z][A-Z0-9_]+):/.exec(String(e.message))?.[1] ?? `BAD_REQUEST without a cause code: ${String(e.message)}`;
}

function mutateBytes(base: Uint8Array, random: () => number): Uint8Array {
  const pick = (k: number) => Math.floor(random() * k);
  switch (pick(5)) {
    case 0: {
      const f = base.slice();
      for (let i = 1 + pick(6); i > 0; i--) f[pick(f.length)]! ^= 1 << pick(8);
      return f;
    }
    case 1:
      return base.slice(0, pick(base.length));
    case 2:
      return new Uint8Array([...base, ...randomBytes(1 + pick(64), random)]);
    case 3: {
      const f = base.slice();
      f[pick(Math.min(12, f.length))] = pick(256); // the transfer header: magic, version, compression, declared length
      return f;
    }
    default:
      return randomBytes(pick(2000), random);
  }
}

/** The PNG with its IHDR fields changed (and its CRC made to match, unless told not to). */
function withIhdr(png: Uint8Array, change: { width?: number; height?: number; depth?: number; colour?: number; interlace?: number }, fixCrc = true): Uint8Array {
  const ihdr = png.slice(16, 29);
  const view = new DataView(ihdr.buffer);
  if (change.width !== undefined) view.setUint32(0, change.width);
  if (change.height !== undefined) view.setUint32(4, change.height);
  if (change.depth !== undefined) ihdr[8] = change.depth;
  if (change.colour !== undefined) ihdr[9] = change.colour;
  if (change.interlace !== undefined) ihdr[12] = change.interlace;
  const chunk = pngChunk('IHDR', ihdr);
  if (!fixCrc) chunk[chunk.length - 1]! ^= 1;
  return Uint8Array.from([...png.subarray(0, 8), ...chunk, ...png.subarray(33)]);
}

describe('fuzzing the signer', () => {
  it('refuses every mutated message, frame set, picture and video with a typed code, and leaves the state directory as it was', async () => {
    const random = seededRandom(20261125);
    const request = makeRequest(keys, [{ key: 0, name: 'org.example.app', versionCode: 3 }]);
    const transfer = messageToTransfer(request);

    // A genuine request first, so the state directory has records and policy state to guard.
    const genuine = join(cases, 'genuine.msg');
    writeFileSync(genuine, transfer);
    expect(await sign(genuine)).toEqual({ status: 0 });
    const before = snapshot();
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['audit.log']));

    const inputs: { name: string; path: string }[] = [];
    const add = (name: string, path: string) => inputs.push({ name, path });

    // Message files.
    for (let i = 0; i < 60; i++) {
      const path = join(cases, `message-${i}.msg`);
      // Every other mutant is sealed again (its CRC-32 trailer made to match), so it gets past the
      // checksum and reaches the checks behind it: the header fields, the inflater, the schema.
      const mutant = mutateBytes(transfer, random);
      if (i % 2 === 1 && mutant.length >= 4) sealChecksum(mutant);
      writeFileSync(path, mutant);
      add(`message ${i}`, path);
    }

    // Directories of frame files: fewer genuine frames than decoding needs, mixed with mutants.
    const encoder = new FrameEncoder(transfer, { density: 'sparse' });
    const stream = Array.from({ length: encoder.sourceSymbols + 40 }, () => encoder.next());
    encoder.dispose();
    const pick = (k: number) => Math.floor(random() * k);
    for (let d = 0; d < 20; d++) {
      const dir = join(cases, `frames-${d}`);
      mkdirSync(dir);
      const frames = stream.slice(0, Math.max(0, encoder.sourceSymbols - 1 - pick(3)));
      for (let i = 0; i < 10; i++) {
        const base = stream[pick(stream.length)]!;
        const mutants = [
          () => mutateBytes(base, random),
          () => reseal(mutateBytes(base, random)),
          () => tamper(base, [{ transferLength: pick(2 ** 32) }, { symbolSize: pick(65536) }, { esi: pick(2 ** 24) }, { sessionId: pick(2 ** 32) }, { symbolByte: { at: pick(100), xor: 1 + pick(255) } }][pick(5)]!),
          () => tamper(base, { symbolSize: 80, transferLength: 4 * 1024 * 1024 }),
        ];
        frames.splice(pick(frames.length + 1), 0, mutants[pick(mutants.length)]!());
      }
      frames.forEach((f, i) => writeFileSync(join(dir, `frame-${String(i + 1).padStart(6, '0')}.bin`), f));
      add(`frame directory ${d}`, dir);
    }

    // QR pictures whose PNG headers were mutated (the only picture of its directory).
    const symbol = symbolOf(densityByName('sparse'));
    const picture = encodePng(frameImage(stream[0]!, symbol));
    const pictures: [string, Uint8Array][] = [
      ['8K 16-bit RGBA declared', withIhdr(picture, { width: 7680, height: 4320, depth: 16, colour: 6 })],
      ['a 100000x100000 picture declared', withIhdr(picture, { width: 100_000, height: 100_000 })],
      ['width 0', withIhdr(picture, { width: 0 })],
      ['bit depth 3', withIhdr(picture, { depth: 3 })],
      ['colour type 5', withIhdr(picture, { colour: 5 })],
      ['interlace method 2', withIhdr(picture, { interlace: 2 })],
      ['a header whose CRC does not match', withIhdr(picture, { width: 721 }, false)],
      ['twice the rows the data holds', withIhdr(picture, { height: 1440 })],
      ['cut in the middle of its data', picture.subarray(0, Math.floor(picture.length / 2))],
    ];
    pictures.forEach(([name, bytes], i) => {
      // The scanner sets an unreadable picture aside with its typed reason (the run then ends
      // INCOMPLETE, "refused: 1 UNREADABLE"); the reason itself is one of the PNG codes.
      expect(() => decodePng(bytes), name).toThrow(expect.objectContaining({ code: expect.stringMatching(/^(BAD_PNG|IMAGE_TOO_LARGE)$/) }));
      const dir = join(cases, `pictures-${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'frame-000001.png'), bytes);
      add(`picture: ${name}`, dir);
    });

    // Videos whose y4m headers were mutated.
    const y4m = new Y4mWriter(VIDEO_720P.width, VIDEO_720P.height, 10, 'mono');
    const header = new TextDecoder().decode(y4m.header());
    const frame = y4m.frame(frameImage(stream[0]!, symbol, VIDEO_720P));
    const videos: [string, string, Uint8Array][] = [
      ['an 8K x 8K frame size', header.replace('W1280', 'W8192').replace('H720', 'H8192'), frame],
      ['width 0', header.replace('W1280', 'W0'), frame],
      ['an unknown colour space', header.replace(/C\S+/, 'C444p16'), frame],
      ['no signature', header.replace('YUV4MPEG2', 'YUV4MPEG3'), frame],
      ['a frame marker mangled', header, Uint8Array.from([...frame.subarray(0, 2), 0x21, ...frame.subarray(3)])],
      ['a frame cut short', header, frame.subarray(0, frame.length - 1000)],
    ];
    videos.forEach(([name, text, body], i) => {
      const path = join(cases, `video-${i}.y4m`);
      writeFileSync(path, Uint8Array.from([...new TextEncoder().encode(text), ...body]));
      add(`video: ${name}`, path);
    });

    const codes = new Map<string, number>();
    let state0 = before;
    for (const input of inputs) {
      const outcome = await sign(input.path);
      if ('status' in outcome) {
        // A mutant that is still a well-formed request (bytes after the deflate stream are
        // ignored; a flipped bit may land in a digest) is a request like any other: it is
        // reviewed, signed or refused, and logged. Only refusals must leave the state alone.
        const read = await readRequest(input.path);
        expect(read.request.kind, input.name).toBe('request');
        state0 = snapshot();
        const kind = toHex(read.digest) === toHex(messageDigest(request)) ? 'SAME_REQUEST' : 'OTHER_REQUEST';
        codes.set(kind, (codes.get(kind) ?? 0) + 1);
        continue;
      }
      const code = refusalCode(outcome);
      expect(code, input.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
      if (input.name.startsWith('picture')) expect(String((outcome.error as Error).message), input.name).toContain('1 UNREADABLE');
      expect(snapshot(), input.name).toEqual(state0);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    // The mutations reach many different checks, not one early gate.
    expect(codes.size, JSON.stringify([...codes])).toBeGreaterThanOrEqual(6);
    for (const code of ['DECOMPRESS_FAILED', 'BAD_MAGIC', 'INCOMPLETE', 'IMAGE_TOO_LARGE', 'BAD_Y4M']) expect(codes.has(code), `${code} in ${JSON.stringify([...codes])}`).toBe(true);
  }, 120_000);
});
