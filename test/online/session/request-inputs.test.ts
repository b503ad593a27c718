/**
 * `airsign request` checks its inputs before it creates anything: a missing APK leaves no session
 * directory and no pin behind; and a session that has its pin is not asked for --cert again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import type { SigningKeyFiles } from '../helpers/signing-key.ts';

const AIRSIGN = resolve(import.meta.dirname, '../../../online/cli/airsign.js');
let dir: string;
let key: SigningKeyFiles;

const airsign = (...args: string[]) => spawnSync(process.execPath, [AIRSIGN, ...args], { encoding: 'utf8', cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-request-inputs-'));
  key = await makeSigningKey(dir);
  await makeApk(join(dir, 'a.apk'), { packageName: 'org.example.a', versionCode: 1, minSdk: 26 });
  await makeApk(join(dir, 'b.apk'), { packageName: 'org.example.b', versionCode: 1, minSdk: 26 });
});

describe('request inputs', () => {
  it('creates no session directory and pins nothing when an APK is missing', () => {
    const session = join(dir, 'missing');
    const r = airsign('request', join(dir, 'a.apk'), join(dir, 'nothere.apk'), '--cert', key.certPath, '--session', session);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^airsign: ARTIFACT_NOT_FOUND: cannot read .*nothere\.apk: no such file; check the path$/);
    expect(existsSync(session)).toBe(false);
  });

  it('creates nothing when the certificate file is missing', () => {
    const session = join(dir, 'no-cert');
    const r = airsign('request', join(dir, 'a.apk'), '--cert', join(dir, 'nothere.pem'), '--session', session);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^airsign: CERT_NEEDED: cannot read the certificate .*nothere\.pem: no such file or directory; check the path$/);
    expect(existsSync(session)).toBe(false);
  });

  it('takes the session\'s pinned certificate when --cert is left out, and asks for it for a new session', () => {
    const session = join(dir, 'pinned');
    const first = airsign('request', join(dir, 'a.apk'), '--cert', key.certPath, '--session', session);
    expect(first.status, first.stderr).toBe(0);
    const again = airsign('request', join(dir, 'b.apk'), '--session', session);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout.trim().split('\n').at(-1)).toMatch(/request/);
    const fresh = airsign('request', join(dir, 'a.apk'), '--session', join(dir, 'new'));
    expect(fresh.status).toBe(1);
    expect(fresh.stderr.trim()).toMatch(/is a new session: give its signing certificate with --cert FILE$/);
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });
});
