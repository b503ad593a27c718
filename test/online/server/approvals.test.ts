/**
 * Approvals through the drop-off server: an approver (authenticated by their client certificate,
 * "approver": true) fetches what an open request asks to sign and its approval digest, signs the
 * digest with `ssh-keygen -Y sign`, and hands the signature in; it is attached to the request the
 * operator then fetches, whose digest is unchanged, and it verifies offline. Others are refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalDigest } from '../../../protocol/attest/index.ts';
import { fromHex, toHex } from '../../../protocol/bytes.ts';
import { transferToMessage } from '../../../protocol/messages/index.ts';
import { pinnedApprovers, verifyApprovals } from '../../../offline/vouch/verify-approvals.ts';
import { makeApk } from '../helpers/apks.ts';
import { call } from '../helpers/https-client.ts';
import type { ClientTls } from '../helpers/https-client.ts';
import { makePki } from '../helpers/pki.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { makeSigningKey, pinWithCli } from '../helpers/signing-key.ts';

let dir: string;
let server: ServerProcess;
let ci: ClientTls;
let operator: ClientTls;
let approver: ClientTls;
let signatures = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-approvals-'));
  const pki = makePki();
  const [ciCert, opCert, apCert] = [pki.client('ci-app'), pki.client('operator'), pki.client('alice')];
  ci = { ca: pki.ca.certPem, cert: ciCert.certPem, key: ciCert.keyPem };
  operator = { ca: pki.ca.certPem, cert: opCert.certPem, key: opCert.keyPem };
  approver = { ca: pki.ca.certPem, cert: apCert.certPem, key: apCert.keyPem };
  const key = await makeSigningKey(dir);
  const keySha = pinWithCli(key.certPath, join(dir, 'state'));
  server = await startServerProcess({
    dir, pki, batch: { settleSeconds: 0, maxOpenSessions: 1 },
    submitters: [
      { name: 'ci-app', fingerprint: ciCert.fingerprint, packages: ['org.example.*'], keys: [keySha] },
      { name: 'operator', fingerprint: opCert.fingerprint, operator: true },
      { name: 'alice', fingerprint: apCert.fingerprint, approver: true },
    ],
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function sshKey(name: string): { file: string; line: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  return { file, line: `${name}@example.org ${execFileSync('cat', [`${file}.pub`], { encoding: 'utf8' }).trim().split(/\s+/).slice(0, 2).join(' ')}` };
}

async function sign(keyFile: string, digest: Uint8Array, namespace = 'airsign-request'): Promise<Buffer> {
  const message = join(dir, `message-${toHex(digest).slice(0, 8)}-${namespace}-${keyFile.split("/").at(-1) ?? ""}-${signatures++}`);
  await writeFile(message, digest);
  execFileSync('ssh-keygen', ['-q', '-Y', 'sign', '-n', namespace, '-f', keyFile, message], { stdio: 'pipe' });
  return readFile(`${message}.sig`);
}

describe('approvals through the server', () => {
  it('attaches approvals handed in by approvers to the open request, and refuses others', async () => {
    const apk = join(dir, 'app.apk');
    await makeApk(apk, { packageName: 'org.example.app', versionCode: 7, minSdk: 26 });
    expect((await call(`${server.url}/v1/artifacts?name=app.apk`, ci, { method: 'POST', body: await readFile(apk) })).status).toBe(201);
    let id: string | undefined;
    for (let i = 0; i < 600 && id === undefined; i++) {
      const sessions = (await call(`${server.url}/v1/sessions`, operator)).json() as { sessions: { id: string; state: string }[] };
      id = sessions.sessions.find((s) => s.state === 'open')?.id;
      if (id === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(id).toBeDefined();

    const shown = await call(`${server.url}/v1/sessions/${id}/approval`, approver);
    expect(shown.status).toBe(200);
    const view = shown.json() as { approvalDigest: string; lines: string[] };
    expect(view.lines.join('\n')).toContain('APK org.example.app versionCode 7');
    const digest = fromHex(view.approvalDigest);

    const alice = sshKey('alice');
    const bob = sshKey('bob');
    const post = (client: ClientTls, body: Buffer) => call(`${server.url}/v1/sessions/${id}/approvals`, client, { method: 'POST', body });
    expect((await post(approver, await sign(alice.file, digest))).json()).toMatchObject({ approvals: 1 });
    // The same approval again (Ed25519 signatures are deterministic: the same bytes) is kept once; a second approver's is added.
    expect((await post(approver, await sign(alice.file, digest))).json()).toMatchObject({ approvals: 1 });
    expect((await post(approver, await sign(bob.file, digest))).json()).toMatchObject({ approvals: 2 });
    const refusedClient = await post(ci, await sign(alice.file, digest));
    expect([refusedClient.status, (refusedClient.json() as { error: { code: string } }).error.code]).toEqual([403, 'NOT_APPROVER']);
    const wrongNamespace = await post(approver, await sign(alice.file, digest, 'git'));
    expect([wrongNamespace.status, (wrongNamespace.json() as { error: { code: string } }).error.code]).toEqual([400, 'BAD_REQUEST']);
    expect((await call(`${server.url}/v1/sessions/${id}/approval`, ci)).status).toBe(403);

    // The operator fetches the request with its approvals; its digest, as the session recorded it, is unchanged.
    const fetched = await call(`${server.url}/v1/sessions/${id}/request`, operator);
    const request = transferToMessage(new Uint8Array(fetched.body));
    if (request.kind !== 'request') throw new Error('not a request');
    expect(toHex(approvalDigest(request))).toBe(fetched.headers['x-airsign-request-digest']);
    const checked = verifyApprovals(request.vouch?.approvals ?? [], digest, pinnedApprovers([alice.line, bob.line]), Math.floor(Date.now() / 1000));
    expect(checked.rejections).toEqual([]);
    expect(checked.approvers.map((a) => a.name).sort()).toEqual(['alice@example.org', 'bob@example.org']);
  }, 300_000);
});
