/**
 * offline/link/read-request.ts and write-response.ts: Requests and responses as frame files, between the two real programs: the online side's
 * `airsign frames encode` cuts the request, the signer reads the frames (with foreign, corrupt and
 * absurd ones mixed in) and writes its response as frames, which `airsign frames decode` reads back.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameEncoder, crc32 } from '../../../protocol/frames/index.ts';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { loadFountain } from '../../../node/wasm.ts';
import { signerCli } from '../support/cli.ts';
import { makeRequest } from '../support/requests.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';
import { verifyResponse } from '../support/verify-response.ts';

const ONLINE_BIN = resolve(import.meta.dirname, '../../../online/cli/airsign.js');
let hsm: SoftHsm;
let keys: MadeKey[];
let policy: string;
let n = 0;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('frames');
  keys = makeKeys(hsm, 'frames', [{ label: 'k', keyType: { kind: 'ec', curve: 'p256' } }]);
  policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ version: 1, unattended: true, rules: [{ keys: ['*'], packages: ['*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['*'], artifacts: ['jar'] }] }));
  loadFountain();
}, 120_000);

afterAll(() => hsm.remove());

function online(args: string[]) {
  return spawnSync(process.execPath, [ONLINE_BIN, ...args], { encoding: 'utf8', env: hsm.env });
}

/** The request cut into frames by the online program: binary frame files, QR pictures, or a video. */
function requestFrames(request: SigningRequest, format: 'bin' | 'png' | 'video' = 'bin'): string {
  const file = join(hsm.dir, `request-${n}.msg`);
  writeFileSync(file, messageToTransfer(request));
  const out = join(hsm.dir, format === 'video' ? `request-${n++}.y4m` : `request-frames-${n++}`);
  const r = online(['frames', 'encode', file, '--out', out, '--format', format, '--density', 'low']);
  expect(r.status, r.stderr).toBe(0);
  return out;
}

function sign(input: string, out: string, extra: string[] = []) {
  return signerCli(['sign', '--in', input, '--out', out, '--policy', policy, '--uri', 'pkcs11:token=frames', '--state', mkdtempSync(join(hsm.dir, 'state-')), '--pin-file', hsm.pinFile, '--yes', '--allow-network', ...extra], hsm.env);
}

/** The online program reads the signer's answer back from its frames. */
function readBack(frames: string): SigningResponse {
  const decoded = join(hsm.dir, `decoded-${n++}.msg`);
  const back = online(['frames', 'decode', frames, '--out', decoded]);
  expect(back.status, back.stderr).toBe(0);
  return transferToMessage(readFileSync(decoded)) as SigningResponse;
}

/** A frame with a valid checksum that declares a 4 GiB transfer. */
function absurdFrame(): Uint8Array {
  const frame = new FrameEncoder(new Uint8Array(100).fill(1), { density: 'low' }).next();
  new DataView(frame.buffer, frame.byteOffset).setUint32(16, 0xffffffff);
  new DataView(frame.buffer, frame.byteOffset).setUint32(frame.length - 4, crc32(frame.subarray(0, frame.length - 4)));
  return frame;
}

/** A PNG whose header declares a picture of 100,000 × 100,000 pixels (a decompression bomb's opening). */
function hugePng(): Uint8Array {
  const ihdr = new Uint8Array(17);
  ihdr.set([0x49, 0x48, 0x44, 0x52]); // "IHDR"
  const view = new DataView(ihdr.buffer);
  view.setUint32(4, 100_000);
  view.setUint32(8, 100_000);
  ihdr.set([8, 0, 0, 0, 0], 12); // 8-bit greyscale
  const chunk = new Uint8Array(8 + 17 + 4);
  new DataView(chunk.buffer).setUint32(0, 13);
  chunk.set(ihdr, 4);
  new DataView(chunk.buffer).setUint32(21, crc32(ihdr));
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk]);
}

describe('frames', () => {
  it('reads request frames the online side cut, and answers with frames it reads back', () => {
    const request = makeRequest(keys, Array.from({ length: 12 }, (_, i) => ({ key: 0, name: `org.example.f${i}`, versionCode: 3 })));
    const out = join(hsm.dir, 'response-frames/');
    const r = sign(requestFrames(request), out, ['--frame-format', 'bin']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.last).toBe(join(hsm.dir, 'response-frames'));
    expect(readdirSync(r.last).every((f) => f.endsWith('.bin'))).toBe(true);
    expect(verifyResponse(request, readBack(r.last), keys)).toBe(24);
  });

  it('reads QR pictures and answers with QR pictures', () => {
    const request = makeRequest(keys, Array.from({ length: 3 }, (_, i) => ({ key: 0, name: `org.example.png${i}`, versionCode: 3 })));
    const r = sign(requestFrames(request, 'png'), join(hsm.dir, 'response-png/'));
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(r.last).every((f) => f.endsWith('.png'))).toBe(true);
    expect(verifyResponse(request, readBack(r.last), keys)).toBe(6);
  });

  it.each(['1', '2', '4'])('answers with --codes %s codes a picture, which the online side reads back', (codes) => {
    const request = makeRequest(keys, Array.from({ length: 6 }, (_, i) => ({ key: 0, name: `org.example.codes${codes}x${i}`, versionCode: 3 })));
    const r = sign(requestFrames(request, 'png'), join(hsm.dir, `response-codes-${codes}/`), ['--codes', codes, '--density', 'low']);
    expect(r.status, r.stderr).toBe(0);
    const pictures = readdirSync(r.last).filter((f) => f.endsWith('.png')).sort();
    // An outside reader counts the codes of the first picture.
    const zbar = spawnSync('zbarimg', ['--quiet', '--xml', join(r.last, pictures[0]!)], { encoding: 'latin1' });
    if (zbar.error === undefined) expect((zbar.stdout.match(/<symbol /g) ?? []).length).toBe(Number(codes));
    else console.warn(`zbarimg not run: ${zbar.error.message}`);
    expect(verifyResponse(request, readBack(r.last), keys)).toBe(12);
  });

  it('refuses --codes 3 with a usage error', () => {
    const request = makeRequest(keys, [{ key: 0, name: 'org.example.codes3', versionCode: 3 }]);
    const r = sign(requestFrames(request, 'png'), join(hsm.dir, 'response-codes-3/'), ['--codes', '3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/USAGE: option --codes expects one of 1, 2, 4/);
  });

  it('reads a y4m video of the request and answers with a y4m video', () => {
    const request = makeRequest(keys, [{ key: 0, name: 'org.example.video', versionCode: 3 }]);
    const r = sign(requestFrames(request, 'video'), join(hsm.dir, 'response.y4m'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.last).toBe(join(hsm.dir, 'response.y4m'));
    expect(verifyResponse(request, readBack(r.last), keys)).toBe(2);
  });

  it('locks onto the request through foreign, corrupt, oversized and absurd frames', () => {
    const request = makeRequest(keys, [{ key: 0, name: 'org.example.mixed', versionCode: 1 }]);
    const dir = requestFrames(request);
    const foreign = new FrameEncoder(messageToTransfer(makeRequest(keys, [{ key: 0, name: 'org.evil.app' }])), { density: 'low' });
    const names = readdirSync(dir).sort();
    // After the first real frame, so the decoder is locked on the request when the rest arrive.
    const junk: [string, Uint8Array][] = [
      ['frame-000001a.bin', foreign.next()],
      ['frame-000001b.bin', foreign.next()],
      ['frame-000001c.bin', new Uint8Array(500).fill(0x41)],
      ['frame-000001d.bin', absurdFrame()],
      ['frame-000001e.bin', new Uint8Array(70_000)],
    ];
    for (const [name, bytes] of junk) writeFileSync(join(dir, name), bytes);
    mkdirSync(join(dir, 'frame-000001f.bin'));
    expect(names.length).toBeGreaterThan(1);
    const r = sign(dir, join(hsm.dir, 'mixed.msg'));
    expect(r.status, r.stderr).toBe(0);
    expect(verifyResponse(request, transferToMessage(readFileSync(r.last)) as SigningResponse, keys)).toBe(2);
  });

  it('refuses pictures and videos that declare absurd sizes, before allocating them', () => {
    const dir = mkdtempSync(join(hsm.dir, 'huge-png-'));
    for (let i = 1; i <= 3; i++) writeFileSync(join(dir, `frame-00000${i}.png`), hugePng());
    const r = sign(dir, join(hsm.dir, 'huge-png.msg'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BAD_REQUEST: INCOMPLETE: .*3 UNREADABLE/);
    const video = join(hsm.dir, 'huge.y4m');
    writeFileSync(video, 'YUV4MPEG2 W100000 H100000 F10:1 C mono\nFRAME\n');
    const v = sign(video, join(hsm.dir, 'huge-video.msg'));
    expect(v.status).toBe(1);
    expect(v.stderr).toContain('BAD_REQUEST');
  });

  it('rejects frames that never complete a request, with a typed INCOMPLETE answer and nothing signed', () => {
    const dir = mkdtempSync(join(hsm.dir, 'only-junk-'));
    const foreign = new FrameEncoder(messageToTransfer(makeRequest(keys, Array.from({ length: 30 }, (_, i) => ({ key: 0, name: `org.evil.a${i}` })))), { density: 'sparse' });
    writeFileSync(join(dir, 'frame-000001.bin'), foreign.next());
    writeFileSync(join(dir, 'frame-000002.bin'), absurdFrame());
    writeFileSync(join(dir, 'frame-000003.bin'), new Uint8Array(300));
    const out = join(hsm.dir, 'incomplete.msg');
    const r = sign(dir, out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BAD_REQUEST: INCOMPLETE: .*refused: .*TOO_LARGE/);
    expect(transferToMessage(readFileSync(out))).toMatchObject({ kind: 'error', code: 'INCOMPLETE' });
  });
});
