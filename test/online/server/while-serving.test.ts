/**
 * What an operator and a build machine do against a running server: pin a certificate while
 * `airsign serve` holds the spool (the upload refused with UNKNOWN_KEY then goes through), upload
 * with the curl command docs/online.md shows, and see the batcher cut sessions at `batch.maxItems`.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApk } from '../helpers/apks.ts';
import { call } from '../helpers/https-client.ts';
import type { ClientTls } from '../helpers/https-client.ts';
import { makePki } from '../helpers/pki.ts';
import type { TestPki } from '../helpers/pki.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import type { SigningKeyFiles } from '../helpers/signing-key.ts';

const root = resolve(import.meta.dirname, '../../..');

let dir: string;
let pki: TestPki;
let server: ServerProcess;
let key: SigningKeyFiles;
let keySha: string;
let ci: ClientTls;
let operator: ClientTls;

async function upload(file: string, name: string): Promise<{ status: number; body: unknown }> {
  const reply = await call(`${server.url}/v1/artifacts?name=${name}`, ci, { method: 'POST', body: await readFile(file) });
  return { status: reply.status, body: reply.json() };
}

async function apk(name: string, versionCode = 1): Promise<string> {
  const file = join(dir, `${name}.apk`);
  await makeApk(file, { packageName: `org.example.${name}`, versionCode, minSdk: 26 });
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-while-serving-'));
  pki = makePki();
  const ciCert = pki.client('ci-app');
  const opCert = pki.client('operator');
  ci = { ca: pki.ca.certPem, cert: ciCert.certPem, key: ciCert.keyPem };
  operator = { ca: pki.ca.certPem, cert: opCert.certPem, key: opCert.keyPem };
  await writeFile(join(dir, 'ci.pem'), ciCert.certPem);
  await writeFile(join(dir, 'ci-key.pem'), ciCert.keyPem);
  await writeFile(join(dir, 'server-ca.pem'), pki.ca.certPem);
  key = await makeSigningKey(dir);
  keySha = createHash('sha256').update(key.certDer).digest('hex');
  // The config allows the key, but nobody has pinned it yet.
  server = await startServerProcess({
    dir,
    pki,
    // Cut at two items; a long settle time, so only the cap cuts a session in this test.
    batch: { maxItems: 2, maxOpenSessions: 1, settleSeconds: 3600 },
    submitters: [
      { name: 'ci-app', fingerprint: ciCert.fingerprint, packages: ['org.example.*'], keys: [keySha] },
      { name: 'operator', fingerprint: opCert.fingerprint, operator: true },
    ],
  });
});

afterAll(async () => {
  await server?.stop();
});

/** The upload command of docs/online.md, with this test's files, host and port. */
async function documentedUploadCommand(file: string): Promise<string> {
  const docs = await readFile(join(root, 'docs', 'online.md'), 'utf8');
  const command = /\n(curl [^\n]*\\\n[^\n]*\/v1\/artifacts\?name=[^\n]*)\n/.exec(docs)?.[1];
  if (command === undefined) throw new Error('docs/online.md shows no curl upload command');
  return command
    .replace(/\\\n\s*/g, '')
    .replaceAll('ci-key.pem', join(dir, 'ci-key.pem'))
    .replaceAll('ci.pem', join(dir, 'ci.pem'))
    .replaceAll('server-ca.pem', join(dir, 'server-ca.pem'))
    .replaceAll('app-release-unsigned.apk', file)
    .replaceAll('https://signer.example:8443', server.url);
}

describe('against a running server', () => {
  it('pins a certificate while the server runs; an upload refused for the unpinned key then goes through', async () => {
    const first = await apk('first');
    expect(await upload(first, 'first.apk')).toMatchObject({ status: 422, body: { error: { code: 'UNKNOWN_KEY', message: expect.stringContaining('certs add') as unknown } } });
    const pinned = spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), 'certs', 'add', key.certPath, '--state', server.stateDir], { cwd: root, encoding: 'utf8' });
    expect(pinned.status, pinned.stderr).toBe(0);
    expect(pinned.stdout.trim()).toBe(keySha);
    const listed = execFileSync(process.execPath, [join(root, 'online/cli/airsign.js'), 'certs', 'list', '--state', server.stateDir], { cwd: root, encoding: 'utf8' });
    expect(listed).toContain(keySha);
    expect(await upload(first, 'first.apk')).toMatchObject({ status: 201, body: { artifact: { key: keySha } } });
  });

  it('takes an upload made with the curl command the docs show', async () => {
    const second = await apk('second');
    const command = await documentedUploadCommand(second);
    expect(command).not.toContain(' -T ');
    const r = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ artifact: { fileName: 'app.apk', name: 'org.example.second', submitter: 'ci-app' } });
    // An upload by PUT (curl -T) is told which method to use.
    const put = spawnSync('curl', ['-sS', '--cert', join(dir, 'ci.pem'), '--key', join(dir, 'ci-key.pem'), '--cacert', join(dir, 'server-ca.pem'), '-T', second, `${server.url}/v1/artifacts?name=second.apk`], { encoding: 'utf8' });
    expect(JSON.parse(put.stdout)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('POST') as unknown } });
    // The streaming form the docs give for large files (-T with -X POST) is an upload like any other: the same file again.
    const streamed = spawnSync('curl', ['-sS', '--cert', join(dir, 'ci.pem'), '--key', join(dir, 'ci-key.pem'), '--cacert', join(dir, 'server-ca.pem'), '-T', second, '-X', 'POST', `${server.url}/v1/artifacts?name=app.apk`], { encoding: 'utf8' });
    expect(streamed.status, streamed.stderr).toBe(0);
    expect(JSON.parse(streamed.stdout)).toMatchObject({ duplicate: true, artifact: { name: 'org.example.second' } });
  });

  it('cuts a session at batch.maxItems; the rest waits for the next one', async () => {
    expect((await upload(await apk('third'), 'third.apk')).status).toBe(201);
    let sessions: { state: string; items: number }[] = [];
    let artifacts: { state: string }[] = [];
    for (let i = 0; i < 300; i++) {
      sessions = ((await call(`${server.url}/v1/sessions`, operator)).json() as { sessions: { state: string; items: number }[] }).sessions;
      artifacts = ((await call(`${server.url}/v1/artifacts`, ci)).json() as { artifacts: { state: string }[] }).artifacts;
      // Settled: the session's request is written and its members marked, and the third artifact
      // prepared (the session may already be open from the uploads before, while it is still received).
      if (sessions.some((s) => s.state === 'open') && artifacts.filter((a) => a.state === 'requested').length === 2 && !artifacts.some((a) => a.state === 'received')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sessions.map((s) => [s.state, s.items])).toEqual([['open', 2]]);
    expect(artifacts.map((a) => a.state).sort()).toEqual(['prepared', 'requested', 'requested']);
  });
});
