/**
 * The server end to end: a build machine uploads, the pipeline batches, an operator fetches the
 * request and hands the software-signed response in, the build machine downloads a signed APK
 * that apksigner accepts. Responses replayed, foreign, truncated or altered are refused and
 * change nothing. Submitters may send only their packages and keys.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApk } from '../helpers/apks.ts';
import { call } from '../helpers/https-client.ts';
import type { ClientTls } from '../helpers/https-client.ts';
import { makePki } from '../helpers/pki.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { makeSigningKey, pinWithCli } from '../helpers/signing-key.ts';
import type { SigningKeyFiles } from '../helpers/signing-key.ts';
import { signRequest } from '../helpers/software-signer.ts';


let dir: string;
let server: ServerProcess;
let key: SigningKeyFiles;
let keySha: string;
let ci: ClientTls;
let operator: ClientTls;

interface ArtifactJson {
  id: string;
  state: string;
  fileName: string;
  submitter: string;
  failure?: { code: string };
}

async function waitForState(id: string, states: readonly string[]): Promise<ArtifactJson> {
  for (let i = 0; i < 600; i++) {
    const reply = await call(`${server.url}/v1/artifacts/${id}`, ci);
    const artifact = (reply.json() as { artifact: ArtifactJson }).artifact;
    if (states.includes(artifact.state)) return artifact;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`artifact ${id} never reached ${states.join('/')}`);
}

async function openSession(): Promise<{ id: string; request: Buffer }> {
  for (let i = 0; i < 600; i++) {
    const sessions = (await call(`${server.url}/v1/sessions`, operator)).json() as { sessions: { id: string; state: string }[] };
    const open = sessions.sessions.find((s) => s.state === 'open');
    if (open !== undefined) return { id: open.id, request: (await call(`${server.url}/v1/sessions/${open.id}/request`, operator)).body };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no session opened');
}

async function upload(client: ClientTls, file: string, name: string, query = ''): Promise<{ status: number; body: unknown }> {
  const body = await readFile(file);
  const reply = await call(`${server.url}/v1/artifacts?name=${name}${query}`, client, { method: 'POST', body });
  return { status: reply.status, body: reply.json() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-dropoff-'));
  const pki = makePki();
  const ciCert = pki.client('ci-app');
  const opCert = pki.client('operator');
  ci = { ca: pki.ca.certPem, cert: ciCert.certPem, key: ciCert.keyPem };
  operator = { ca: pki.ca.certPem, cert: opCert.certPem, key: opCert.keyPem };
  key = await makeSigningKey(dir);
  // Pin the signing certificate in the server's spool before it starts.
  keySha = pinWithCli(key.certPath, join(dir, 'state'));
  server = await startServerProcess({
    dir,
    pki,
    batch: { settleSeconds: 0, maxOpenSessions: 1 },
    maxUploadBytes: 8 * 1024 * 1024,
    submitters: [
      { name: 'ci-app', fingerprint: ciCert.fingerprint, packages: ['org.example.*'], keys: [keySha] },
      { name: 'operator', fingerprint: opCert.fingerprint, operator: true },
    ],
  });
});

afterAll(async () => {
  await server?.stop();
});

describe('drop-off and pick-up', () => {
  it('refuses a package or key the submitter may not use, and an upload over the cap', async () => {
    const other = join(dir, 'other.apk');
    await makeApk(other, { packageName: 'com.other.app', versionCode: 1, minSdk: 26 });
    expect(await upload(ci, other, 'other.apk')).toMatchObject({ status: 403, body: { error: { code: 'PACKAGE_NOT_ALLOWED' } } });
    const mine = join(dir, 'mine.apk');
    await makeApk(mine, { packageName: 'org.example.mine', versionCode: 1, minSdk: 26 });
    expect(await upload(ci, mine, 'mine.apk', `&key=${'ab'.repeat(32)}`)).toMatchObject({ status: 403, body: { error: { code: 'KEY_NOT_ALLOWED' } } });
    const big = join(dir, 'big.apk');
    await makeApk(big, { packageName: 'org.example.big', versionCode: 1, minSdk: 26, padBytes: 9 * 1024 * 1024 });
    expect(await upload(ci, big, 'big.apk').catch(() => ({ status: 413 }))).toMatchObject({ status: 413 });
  });

  it('signs an upload through a session, refusing bad responses on the way', async () => {
    const apk = join(dir, 'app.apk');
    await makeApk(apk, { packageName: 'org.example.app', versionCode: 7, minSdk: 26 });
    const first = await upload(ci, apk, 'app.apk');
    expect(first.status).toBe(201);
    const { id } = (first.body as { artifact: ArtifactJson }).artifact;
    // The same file again is the same artifact, not a second signing.
    expect(await upload(ci, apk, 'app.apk')).toMatchObject({ status: 200, body: { duplicate: true, artifact: { id } } });

    const session = await openSession();
    const good = signRequest(session.request, key);
    const post = (body: Uint8Array) => call(`${server.url}/v1/responses`, operator, { method: 'POST', body: Buffer.from(body) });

    const truncated = await post(good.subarray(0, good.length - 7));
    expect([truncated.status, (truncated.json() as { error: { code: string } }).error.code]).toEqual([422, 'RESPONSE_UNREADABLE']);
    const altered = await post(signRequest(session.request, key, { alter: 0 }));
    expect([altered.status, (altered.json() as { error: { code: string } }).error.code]).toEqual([422, 'RESPONSE_BAD_SIGNATURE']);
    // A response to a request this server never wrote (same items, another request id).
    const foreignRequest = Buffer.from(session.request);
    const foreign = await post(signRequest(await otherRequest(foreignRequest), key));
    expect([foreign.status, (foreign.json() as { error: { code: string } }).error.code]).toEqual([404, 'RESPONSE_FOREIGN']);
    expect((await waitForState(id, ['requested'])).state).toBe('requested');

    const accepted = await post(good);
    expect(accepted.status).toBe(200);
    const replayed = await post(good);
    expect([replayed.status, (replayed.json() as { error: { code: string } }).error.code]).toEqual([409, 'RESPONSE_REPLAYED']);

    const done = await waitForState(id, ['ready', 'failed']);
    expect(done).toMatchObject({ state: 'ready', submitter: 'ci-app' });
    const signed = await call(`${server.url}/v1/artifacts/${id}/signed`, ci);
    expect(signed.status).toBe(200);
    const out = join(dir, 'app-signed.apk');
    await writeFile(out, signed.body);
    execFileSync('apksigner', ['verify', out]);
  });
});

/** The same request with a fresh request id: what another airsign server could have written. */
async function otherRequest(requestFile: Buffer): Promise<Uint8Array> {
  const { messageToTransfer, transferToMessage } = await import('../../../protocol/messages/index.ts');
  const request = transferToMessage(new Uint8Array(requestFile));
  if (request.kind !== 'request') throw new Error('not a request');
  return messageToTransfer({ ...request, requestId: new Uint8Array(16).fill(7) });
}
