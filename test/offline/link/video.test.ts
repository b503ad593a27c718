/**
 * offline/link/request-frames.ts: The signer on the optical link, between the two real programs: it reads a request from what a
 * camera recorded of the online side's screen (`airsign frames encode` to a video, `airsign frames
 * simulate` as the camera) and from a directory of QR pictures, answers with a y4m video of its
 * own QR frames that `airsign frames decode` reads back, and refuses a hostile video with a typed
 * reason and an error answer.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
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

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('video');
  keys = makeKeys(hsm, 'video', [{ label: 'k', keyType: { kind: 'ec', curve: 'p256' } }]);
  policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ version: 1, unattended: true, rules: [{ keys: ['*'], packages: ['*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['*'], artifacts: ['jar'] }] }));
}, 120_000);

afterAll(() => hsm.remove());

function online(args: string[]): string {
  const r = spawnSync(process.execPath, [ONLINE_BIN, ...args], { encoding: 'utf8', env: hsm.env });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function requestFile(request: SigningRequest, name: string): string {
  const file = join(hsm.dir, `${name}.msg`);
  writeFileSync(file, messageToTransfer(request));
  return file;
}

function sign(input: string, out: string) {
  return signerCli(['sign', '--in', input, '--out', out, '--policy', policy, '--uri', 'pkcs11:token=video', '--state', join(hsm.dir, 'state'), '--pin-file', hsm.pinFile, '--yes', '--allow-network'], hsm.env);
}

describe('the signer on the optical link', () => {
  it('reads a request a camera recorded and answers with a video of QR frames', () => {
    const request = makeRequest(keys, Array.from({ length: 6 }, (_, i) => ({ key: 0, name: `org.example.v${i}`, versionCode: 2 })));
    const screen = join(hsm.dir, 'request.y4m');
    const camera = join(hsm.dir, 'request-camera.y4m');
    online(['frames', 'encode', requestFile(request, 'request'), '--out', screen, '--density', 'low']);
    online(['frames', 'simulate', screen, '--out', camera, '--seed', '7']);
    const response = join(hsm.dir, 'response.y4m');
    const r = sign(camera, response);
    expect(r.status, r.stderr).toBe(0);
    expect(r.last).toBe(response);
    expect(readFileSync(response).subarray(0, 9).toString()).toBe('YUV4MPEG2');
    const decoded = join(hsm.dir, 'response.msg');
    online(['frames', 'decode', response, '--out', decoded]);
    expect(verifyResponse(request, transferToMessage(readFileSync(decoded)) as SigningResponse, keys)).toBe(12);
  });

  it('reads a request from a directory of QR pictures', () => {
    const request = makeRequest(keys, [{ key: 0, name: 'org.example.pictures', versionCode: 4 }]);
    const pictures = join(hsm.dir, 'request-png');
    online(['frames', 'encode', requestFile(request, 'pictures'), '--out', pictures, '--format', 'png']);
    const r = sign(pictures, join(hsm.dir, 'pictures-response.msg'));
    expect(r.status, r.stderr).toBe(0);
    expect(verifyResponse(request, transferToMessage(readFileSync(r.last)) as SigningResponse, keys)).toBe(2);
  });

  it('refuses a hostile video with a typed reason and says so in its answer', () => {
    const bad = join(hsm.dir, 'bad.y4m');
    writeFileSync(bad, 'YUV4MPEG2 W70000 H70000 F10:1\nFRAME\n');
    const out = join(hsm.dir, 'bad-answer.msg');
    const r = sign(bad, out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BAD_REQUEST: (BAD_Y4M|IMAGE_TOO_LARGE): /);
    expect(transferToMessage(readFileSync(out))).toMatchObject({ kind: 'error', code: expect.stringMatching(/^(BAD_Y4M|IMAGE_TOO_LARGE)$/) });
  });
});
