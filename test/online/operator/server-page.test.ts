/**
 * The operator page mounted in `airsign serve` under /operator/: only for an operator's client
 * certificate; the page and its API over the server's spool, where a response handed in through
 * the page is checked, assembled and verified before the page hears the results.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorState, ResponseOutcome } from '../../../online/pages/operator/view.ts';
import { makeApk } from '../helpers/apks.ts';
import { call } from '../helpers/https-client.ts';
import type { ClientTls } from '../helpers/https-client.ts';
import { makePki } from '../helpers/pki.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { makeSigningKey, pinWithCli } from '../helpers/signing-key.ts';
import type { SigningKeyFiles } from '../helpers/signing-key.ts';
import { signRequest } from '../helpers/software-signer.ts';


let server: ServerProcess;
let key: SigningKeyFiles;
let ci: ClientTls;
let operator: ClientTls;

/** A page-style call: our header, a same-origin fetch. */
function pageCall(path: string, tls: ClientTls, method = 'GET', body?: Uint8Array): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, ca: tls.ca, cert: tls.cert, key: tls.key, agent: false, headers: { 'x-airsign-page': '1', 'sec-fetch-site': 'same-origin' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : Buffer.from(body));
  });
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'airsign-operator-page-'));
  const pki = makePki();
  const ciCert = pki.client('ci-app');
  const opCert = pki.client('operator');
  ci = { ca: pki.ca.certPem, cert: ciCert.certPem, key: ciCert.keyPem };
  operator = { ca: pki.ca.certPem, cert: opCert.certPem, key: opCert.keyPem };
  key = await makeSigningKey(dir);
  const keySha = pinWithCli(key.certPath, join(dir, 'state'));
  server = await startServerProcess({
    dir,
    pki,
    batch: { settleSeconds: 0, maxOpenSessions: 1 },
    submitters: [
      { name: 'ci-app', fingerprint: ciCert.fingerprint, packages: ['org.example.*'], keys: [keySha] },
      { name: 'operator', fingerprint: opCert.fingerprint, operator: true },
    ],
  });
  const apk = join(dir, 'app.apk');
  await makeApk(apk, { packageName: 'org.example.app', versionCode: 3, minSdk: 26 });
  const uploaded = await call(`${server.url}/v1/artifacts?name=app.apk`, ci, { method: 'POST', body: await readFile(apk) });
  expect(uploaded.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('the operator page in airsign serve', () => {
  it('is served to operators only, with the pages\' security headers', async () => {
    expect((await call(`${server.url}/operator`, operator)).status).toBe(308);
    const page = await call(`${server.url}/operator/`, operator);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body.toString('utf8')).toContain('<script type="module" src="app.js">');
    expect((await call(`${server.url}/operator/app.js`, operator)).status).toBe(200);
    expect((await call(`${server.url}/operator/`, ci)).status).toBe(403);
    // The API wants the page's own header.
    expect((await call(`${server.url}/operator/api/state`, operator)).status).toBe(403);
  });

  it('shows the open request and takes the answer in through the pipeline', async () => {
    let state: OperatorState | undefined;
    for (let i = 0; i < 300 && (state?.requests.length ?? 0) === 0; i++) {
      const r = await pageCall('/operator/api/state', operator);
      expect(r.status).toBe(200);
      state = (JSON.parse(r.text) as { value: OperatorState }).value;
      if (state.requests.length === 0) await new Promise((done) => setTimeout(done, 100));
    }
    const open = state!.requests[0]!;
    expect(open.items).toMatchObject([{ fileName: 'app.apk', name: 'org.example.app', versionCode: 3, round: '1 of 1' }]);
    const response = signRequest(new Uint8Array(Buffer.from(open.transfer, 'base64')), key);
    const taken = await pageCall('/operator/api/response', operator, 'POST', response);
    expect(taken.status, taken.text).toBe(200);
    const outcome = (JSON.parse(taken.text) as { value: ResponseOutcome }).value;
    expect(outcome).toMatchObject({ signed: 1, refused: 0, requests: [] });
    expect(outcome.artifacts[0]).toMatchObject({ fileName: 'app.apk', outcome: 'signed', round: '1 of 1' });
    expect(outcome.artifacts[0]!.checks.map((c) => [c.what, c.result])).toEqual([
      ['signatures checked against the pinned certificate', 'passed'],
      ['signed file assembled', 'passed'],
      ['verified by airsign', 'passed'],
      ['apksigner verify', 'passed'],
    ]);
    // The output is named by its absolute path, with the SHA-256 of what is there.
    expect(outcome.artifacts[0]!.output).toMatch(/^\//);
    expect(outcome.artifacts[0]!.outputSha256).toBe(createHash('sha256').update(readFileSync(outcome.artifacts[0]!.output!)).digest('hex'));
    const replayed = await pageCall('/operator/api/response', operator, 'POST', response);
    expect([replayed.status, (JSON.parse(replayed.text) as { code: string }).code]).toEqual([422, 'RESPONSE_REPLAYED']);
  });
});
