/**
 * One person, no server, through the command line: `airsign request` prints the request's path
 * last; the response comes back as a video of QR frames (`airsign frames encode`), `airsign receive`
 * writes the signed APK into out/; `airsign status` shows it. (Every kind of bad response is
 * refused in test/online/pipeline/intake.test.ts and through the server in drop-off.test.ts.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import type { SigningKeyFiles } from '../helpers/signing-key.ts';
import { signRequest } from '../helpers/software-signer.ts';

const root = resolve(import.meta.dirname, '../../..');

function airsign(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}

let dir: string;
let key: SigningKeyFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-one-person-'));
  key = await makeSigningKey(dir);
});

describe('one person, no server', () => {
  it('requests, takes the response in from a video of QR frames, and writes the signed APK', async () => {
    const apk = join(dir, 'app.apk');
    await makeApk(apk, { packageName: 'org.example.solo', versionCode: 3, minSdk: 26 });
    const work = join(dir, 'work');
    const requested = airsign('request', apk, '--cert', key.certPath, '--session', work);
    expect(requested.code, requested.stderr).toBe(0);
    expect(requested.last).toMatch(/sessions\/[0-9a-z]{15}\/request\.msg$/);
    // Running it again finds the same artifact and the same request.
    expect(airsign('request', apk, '--cert', key.certPath, '--session', work).last).toBe(requested.last);

    const request = await readFile(requested.last);
    const good = signRequest(request, key);
    await writeFile(join(dir, 'response.msg'), good);
    // The response comes back as a video of QR frames, as a camera would have recorded it.
    execFileSync(process.execPath, [join(root, 'online/cli/airsign.js'), 'frames', 'encode', join(dir, 'response.msg'), '--out', join(dir, 'response.y4m')], { cwd: root });

    // A response with a signature altered is refused, with its code, and nothing is written.
    await writeFile(join(dir, 'altered.msg'), signRequest(request, key, { alter: 0 }));
    const altered = airsign('receive', work, '--in', join(dir, 'altered.msg'));
    expect([altered.code, altered.stderr.trim().split('\n').at(-1)]).toEqual([1, expect.stringMatching(/^airsign: RESPONSE_BAD_SIGNATURE: /) as unknown]);
    expect(await readdir(join(work, 'out'))).toEqual([]);

    const received = airsign('receive', work, '--in', join(dir, 'response.y4m'));
    expect(received.code, received.stderr).toBe(0);
    expect(received.stdout).toContain('signed app.apk: out/app.apk');
    execFileSync('apksigner', ['verify', join(work, 'out', 'app.apk')]);

    const status = airsign('status', work, '--all');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/ready\s+1\/1\s+app\.apk\s+org\.example\.solo\s+3/);
    expect(status.stdout).toContain('signed: out/app.apk');
  });

  it('refuses two artifacts that would land on the same name in out/', async () => {
    const a = join(dir, 'x', 'same.apk');
    const b = join(dir, 'y', 'same.apk');
    await mkdir(join(dir, 'x'));
    await mkdir(join(dir, 'y'));
    await makeApk(a, { packageName: 'org.example.a', versionCode: 1, minSdk: 26 });
    await makeApk(b, { packageName: 'org.example.b', versionCode: 1, minSdk: 26 });
    const r = airsign('request', a, b, '--cert', key.certPath, '--session', join(dir, 'clash'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NAME_CLASH');
  });
});
