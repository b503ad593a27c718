/**
 * kill -9 of the server: during uploads (the build machines retry; each file becomes one
 * artifact), and while the pipeline works through a response (restarted, it resumes). At the end
 * every artifact is ready exactly once, its signed file verifies, and the pick-up area holds
 * nothing else.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApk } from '../helpers/apks.ts';
import { seededRandom } from '../helpers/chaos.ts';
import { call } from '../helpers/https-client.ts';
import type { ClientTls } from '../helpers/https-client.ts';
import { makePki } from '../helpers/pki.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import type { ServerProcess, ServerSetup } from '../helpers/server-process.ts';
import { makeSigningKey, pinWithCli } from '../helpers/signing-key.ts';
import { signRequest } from '../helpers/software-signer.ts';
import { snapshot } from '../helpers/spool-checks.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('server chaos: kill -9 of airsign serve', () => {
  it('loses no accepted upload and signs each artifact exactly once', async () => {
    const seed = Number(process.env.AIRSIGN_CHAOS_SEED ?? Date.now() % 1_000_000);
    process.stdout.write(`server chaos seed ${seed}\n`);
    const random = seededRandom(seed);
    const dir = await mkdtemp(join(tmpdir(), 'airsign-server-chaos-'));
    const pki = makePki();
    const ciCert = pki.client('ci');
    const opCert = pki.client('operator');
    const ci: ClientTls = { ca: pki.ca.certPem, cert: ciCert.certPem, key: ciCert.keyPem };
    const operator: ClientTls = { ca: pki.ca.certPem, cert: opCert.certPem, key: opCert.keyPem };
    const key = await makeSigningKey(dir);
    const keySha = pinWithCli(key.certPath, join(dir, 'state'));
    const setup: ServerSetup = {
      dir,
      pki,
      batch: { settleSeconds: 0 },
      submitters: [
        { name: 'ci', fingerprint: ciCert.fingerprint, packages: ['org.example.*'], keys: [keySha] },
        { name: 'operator', fingerprint: opCert.fingerprint, operator: true },
      ],
    };
    const files: string[] = [];
    for (let i = 0; i < 4; i++) {
      files.push(join(dir, `app-${i}.apk`));
      await makeApk(files[i]!, { packageName: `org.example.app${i}`, versionCode: 10 + i, minSdk: i === 0 ? 21 : 26, padBytes: 2 * 1024 * 1024 });
    }
    const uploadAll = (server: ServerProcess) =>
      Promise.all(files.map(async (f, i) => call(`${server.url}/v1/artifacts?name=app-${i}.apk`, ci, { method: 'POST', body: await readFile(f) }).catch(() => undefined)));
    const crash = async (server: ServerProcess) => {
      server.child.kill('SIGKILL');
      await new Promise((r) => server.child.once('exit', r));
    };

    // Killed while uploads stream in; the build machines upload again after the restart.
    let server = await startServerProcess(setup);
    const inFlight = uploadAll(server);
    await sleep(random(300));
    await crash(server);
    await inFlight;
    server = await startServerProcess(setup);
    const replies = await uploadAll(server);
    const ids = replies.map((r) => (r?.json() as { artifact: { id: string } }).artifact.id);
    expect(new Set(ids).size).toBe(4);

    // Two rounds for app-0 (minSdk 21), one for the others: answer each session as it opens, and
    // kill the server at a random moment after each of the first answers.
    const answered = new Set<string>();
    // A stall fails with what the server was doing, well before the test's own timeout.
    const deadline = Date.now() + 150_000;
    const stalled = (what: string) => new Error(`stalled ${what} (seed ${seed}, ${answered.size} sessions answered); the server wrote: ${server.stderr().slice(-4000)}`);
    for (let step = 0; step < 600; step++) {
      const states = await Promise.all(ids.map(async (id) => ((await call(`${server.url}/v1/artifacts/${id}`, ci)).json() as { artifact: { state: string } }).artifact.state));
      if (states.every((s) => s === 'ready' || s === 'failed')) break;
      if (Date.now() > deadline) throw stalled(`with the artifacts ${states.join(', ')}`);
      const sessions = (await call(`${server.url}/v1/sessions`, operator)).json() as { sessions: { id: string; state: string }[] };
      const open = sessions.sessions.find((s) => s.state === 'open' && !answered.has(s.id));
      if (open === undefined) {
        await sleep(100);
        continue;
      }
      const request = (await call(`${server.url}/v1/sessions/${open.id}/request`, operator)).body;
      const posted = await call(`${server.url}/v1/responses`, operator, { method: 'POST', body: Buffer.from(signRequest(request, key)) });
      expect(posted.status).toBe(200);
      answered.add(open.id);
      await sleep(random(1500));
      await crash(server);
      server = await startServerProcess(setup);
    }
    // Usually two sessions (all four, then app-0's second round); more when a slow upload missed
    // the first batch. Never more than one per round of each artifact.
    expect(answered.size).toBeGreaterThanOrEqual(2);
    expect(answered.size).toBeLessThanOrEqual(5);
    for (const id of ids) {
      let state = '';
      for (let i = 0; i < 300 && state !== 'ready' && state !== 'failed'; i++) {
        state = ((await call(`${server.url}/v1/artifacts/${id}`, ci)).json() as { artifact: { state: string } }).artifact.state;
        if (state !== 'ready') await sleep(100);
        if (Date.now() > deadline) throw stalled(`with ${id} ${state}`);
      }
      expect(state).toBe('ready');
      const signed = await call(`${server.url}/v1/artifacts/${id}/signed`, ci);
      const out = join(dir, `${id}.apk`);
      await writeFile(out, signed.body);
      execFileSync('apksigner', ['verify', out]);
    }
    await server.stop();
    const { artifacts } = await snapshot(join(dir, 'state'));
    expect(artifacts).toHaveLength(4);
    for (const a of artifacts) expect(a.history.filter((h) => h.state === 'ready')).toHaveLength(1);
    expect((await readdir(join(dir, 'state', 'pickup'))).sort()).toEqual([...ids].sort());
  }, 240_000);
});
