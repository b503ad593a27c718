/**
 * Submitter allowances are per kind, from the attacker's side: a build machine allowed only the
 * index file entry.jar uploads an installable APK whose package is called "entry.jar", and one
 * allowed org.example.* uploads a JAR named org.example.evil.jar. Both are refused
 * PACKAGE_NOT_ALLOWED before anything is spooled; the same machines' own kinds still go through.
 * (Before, names matched either kind, and both uploads were accepted for signing.)
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../support/zip-builder.ts';
import { makeApk, makeIndexJar } from '../helpers/apks.ts';
import { call } from '../helpers/https-client.ts';
import type { ClientTls } from '../helpers/https-client.ts';
import { makePki } from '../helpers/pki.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { makeSigningKey, pinWithCli } from '../helpers/signing-key.ts';

let dir: string;
let server: ServerProcess;
let repo: ClientTls;
let app: ClientTls;

async function upload(client: ClientTls, file: string, name: string): Promise<{ status: number; body: unknown }> {
  const reply = await call(`${server.url}/v1/artifacts?name=${name}`, client, { method: 'POST', body: await readFile(file) });
  return { status: reply.status, body: reply.json() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-kinds-'));
  const pki = makePki();
  const repoCert = pki.client('ci-repo');
  const appCert = pki.client('ci-app');
  repo = { ca: pki.ca.certPem, cert: repoCert.certPem, key: repoCert.keyPem };
  app = { ca: pki.ca.certPem, cert: appCert.certPem, key: appCert.keyPem };
  const key = await makeSigningKey(dir);
  const keySha = pinWithCli(key.certPath, join(dir, 'state'));
  server = await startServerProcess({
    dir,
    pki,
    batch: { settleSeconds: 600 },
    submitters: [
      { name: 'ci-repo', fingerprint: repoCert.fingerprint, jars: ['entry.jar', 'index-v1.jar'], keys: [keySha] },
      { name: 'ci-app', fingerprint: appCert.fingerprint, packages: ['org.example.*'], keys: [keySha] },
    ],
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('submitter allowances per kind', () => {
  it('refuses an APK named entry.jar from the index machine and a JAR from the app machine', async () => {
    const artifactsDir = join(server.stateDir, 'artifacts');
    const spooled = async () => (await readdir(artifactsDir).catch(() => [] as string[])).length;
    const before = await spooled();

    const apkAsIndex = join(dir, 'entry.jar');
    await makeApk(apkAsIndex, { packageName: 'entry.jar', versionCode: 1, minSdk: 26 });
    expect(await upload(repo, apkAsIndex, 'entry.jar')).toMatchObject({ status: 403, body: { error: { code: 'PACKAGE_NOT_ALLOWED' } } });

    const jarAsApp = join(dir, 'org.example.evil.jar');
    await writeFile(jarAsApp, buildZip([{ name: 'org.example.evil.json', data: Buffer.from(JSON.stringify({ timestamp: 1_764_000_000_000, version: 20002 })), method: 0 }]));
    expect(await upload(app, jarAsApp, 'org.example.evil.jar')).toMatchObject({ status: 403, body: { error: { code: 'PACKAGE_NOT_ALLOWED' } } });
    expect(await spooled()).toBe(before);

    // Each machine's own kind still goes through.
    const index = join(dir, 'real-entry.jar');
    await makeIndexJar(index, 'entry.jar', 1_764_000_000_000);
    expect(await upload(repo, index, 'entry.jar')).toMatchObject({ status: 201 });
    const apk = join(dir, 'app.apk');
    await makeApk(apk, { packageName: 'org.example.app', versionCode: 3, minSdk: 26 });
    expect(await upload(app, apk, 'app.apk')).toMatchObject({ status: 201 });
  }, 120_000);
});
