/**
 * `airsign request` with one certificate per artifact: every artifact is signed by its own key,
 * all in one request (the request lists both keys, each item points at its own); a count of
 * certificates that is neither one nor one per artifact is refused before anything is pinned.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import { readRequest } from '../helpers/software-signer.ts';

const AIRSIGN = resolve(import.meta.dirname, '../../../online/cli/airsign.js');
const airsign = (...args: string[]) => {
  const r = spawnSync(process.execPath, [AIRSIGN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
};

describe('airsign request with several certificates', () => {
  it('signs each artifact with its own key, in one request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airsign-several-certs-'));
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, 'b'));
    const [a, b] = [await makeSigningKey(join(dir, 'a'), 'key a'), await makeSigningKey(join(dir, 'b'), 'key b')];
    await makeApk(join(dir, 'one.apk'), { packageName: 'org.example.one', versionCode: 1, minSdk: 26 });
    await makeApk(join(dir, 'two.apk'), { packageName: 'org.example.two', versionCode: 1, minSdk: 26 });
    await makeApk(join(dir, 'three.apk'), { packageName: 'org.example.three', versionCode: 1, minSdk: 26 });
    const refused = airsign('request', join(dir, 'one.apk'), join(dir, 'two.apk'), join(dir, 'three.apk'), '--cert', a.certPath, '--cert', b.certPath, '--session', join(dir, 'refused'));
    expect(refused.stderr).toContain('CERT_NEEDED: 2 certificates for 3 artifacts: give one certificate for all of them, or one per artifact in the same order');
    expect(existsSync(join(dir, 'refused'))).toBe(false);
    const made = airsign('request', join(dir, 'one.apk'), join(dir, 'two.apk'), '--cert', a.certPath, '--cert', b.certPath, '--session', join(dir, 'work'));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout.trim().split('\n')).toHaveLength(1);
    const request = readRequest(new Uint8Array(readFileSync(made.last)));
    const fingerprint = (pem: string) => createHash('sha256').update(Buffer.from(/-----BEGIN CERTIFICATE-----([^-]+)-----END/.exec(readFileSync(pem, 'utf8'))![1]!.replace(/\s+/g, ''), 'base64')).digest('hex');
    const keys = request.keys.map((k) => Buffer.from(k).toString('hex'));
    expect(Object.fromEntries(request.items.map((i) => [i.name, keys[i.key]]))).toEqual({ 'org.example.one': fingerprint(a.certPath), 'org.example.two': fingerprint(b.certPath) });
  });
});
