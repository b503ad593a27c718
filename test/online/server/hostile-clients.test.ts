/**
 * One submitter must not be able to hold the others up. Against the real `airsign serve` (a
 * child process) on loopback: a zip bomb is refused at once with its code and the next upload is
 * answered; a submitter at its cap of uploads in progress, or of bytes an hour, is refused with a
 * typed 429; 200 slow bodies, 200 connections that never finish a handshake and 50 that never
 * send a request are all cut off by the server; and meanwhile another submitter's upload is
 * answered. Bounds are generous (tens of seconds where the answer takes well under one); what
 * failed before is that the answer never came in that time, or the hostile connections stayed.
 */
import { lstat, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zerosApk } from '../../support/zip-bombs.ts';
import { makeApk } from '../helpers/apks.ts';
import { call } from '../helpers/https-client.ts';
import type { ClientTls, Reply } from '../helpers/https-client.ts';
import { makePki } from '../helpers/pki.ts';
import type { TestPki } from '../helpers/pki.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { makeSigningKey, pinWithCli } from '../helpers/signing-key.ts';

let dir: string;
let pki: TestPki;
let keySha: string;
const clients: Record<string, ClientTls> = {};
const servers: ServerProcess[] = [];
const opened: Socket[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-hostile-'));
  pki = makePki();
  const key = await makeSigningKey(dir);
  keySha = pinWithCli(key.certPath, join(dir, 'state-pins'));
  for (const name of ['mallory', 'alice', 'greedy', 'operator']) {
    const cert = pki.client(name);
    clients[name] = { ca: pki.ca.certPem, cert: cert.certPem, key: cert.keyPem };
    fingerprints[name] = cert.fingerprint;
  }
  await writeFile(join(dir, 'bomb.apk'), zerosApk());
  await makeApk(join(dir, 'good.apk'), { packageName: 'org.example.good', versionCode: 1, minSdk: 26 });
}, 120_000);

afterAll(async () => {
  for (const s of opened) s.destroy();
  for (const s of servers) await s.stop();
});

const fingerprints: Record<string, string> = {};

async function server(name: string, limits: Record<string, number>, submitterLimits: Record<string, Record<string, number>> = {}): Promise<ServerProcess> {
  const serverDir = join(dir, name);
  // Each server has its own spool, with the signing key pinned in it.
  pinWithCli(join(dir, 'cert.pem'), join(serverDir, 'state'));
  const submitters = ['mallory', 'alice', 'greedy', 'operator'].map((n) => ({
    name: n, fingerprint: fingerprints[n]!, packages: ['org.example.*'], keys: [keySha], operator: n === 'operator', ...(submitterLimits[n] === undefined ? {} : { limits: submitterLimits[n] }),
  }));
  const s = await startServerProcess({ dir: serverDir, pki, submitters, limits, batch: { settleSeconds: 600 } });
  servers.push(s);
  return s;
}

async function upload(s: ServerProcess, who: string, file: string, name: string): Promise<Reply> {
  const body = await readFile(file);
  return call(`${s.url}/v1/artifacts?name=${name}`, clients[who]!, { method: 'POST', body, length: body.length });
}

/** Resolves with what `promise` gave, or rejects once `seconds` have passed without it. */
async function within<T>(seconds: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${seconds} s`)), seconds * 1000)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

interface Held {
  readonly socket: Socket;
  /** The status line the server answered with, if any. */
  status(): string | undefined;
  /** Everything the server sent. */
  answer(): string;
  closed: Promise<void>;
}

/** A raw connection of `who` (TLS) or of nobody (TCP only, never a handshake), held open as it is told. */
function hold(s: ServerProcess, how: { who?: string; request?: string; trickle?: boolean }): Held {
  const url = new URL(s.url);
  const port = Number(url.port);
  let answer = '';
  let socket: Socket;
  if (how.who === undefined) {
    socket = netConnect(port, '127.0.0.1');
  } else {
    const c = clients[how.who]!;
    const tls: TLSSocket = tlsConnect({ host: '127.0.0.1', port, ca: c.ca, cert: c.cert!, key: c.key! });
    socket = tls;
    tls.once('secureConnect', () => {
      if (how.request !== undefined) tls.write(how.request);
      if (how.trickle === true) {
        // One byte a second: a body that never arrives.
        const t = setInterval(() => (tls.writable ? tls.write('x') : clearInterval(t)), 1000);
        tls.once('close', () => clearInterval(t));
      }
    });
  }
  opened.push(socket);
  socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((done) => socket.once('close', () => done()));
  return { socket, status: () => (answer === '' ? undefined : answer.split('\r\n')[0]), answer: () => answer, closed };
}

const slowUpload = (i: number) => `POST /v1/artifacts?name=slow-${i}.apk HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\n`;

async function allPrivate(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string) => {
    const st = await lstat(path);
    const mode = st.mode & 0o777;
    if (st.isDirectory()) {
      if (mode !== 0o700) out.push(`${path} ${mode.toString(8)}`);
      for (const n of await readdir(path)) await walk(join(path, n));
    } else if (mode !== 0o600) out.push(`${path} ${mode.toString(8)}`);
  };
  await walk(root);
  return out;
}

describe('hostile clients of the drop-off server', () => {
  it('refuses the zip bomb at once, typed, and answers the next submitter', async () => {
    const s = await server('bomb', {});
    const bomb = await within(60, 'the bomb upload', upload(s, 'mallory', join(dir, 'bomb.apk'), 'bomb.apk'));
    expect(bomb.status, bomb.body.toString()).toBe(400);
    expect(bomb.json()).toMatchObject({ error: { code: 'BAD_REQUEST', reason: 'INFLATED_TOO_LARGE' } });
    // Before, the bomb was taken and prepared under the pipeline's lock for a minute or more.
    const good = await within(40, "alice's upload after the bomb", upload(s, 'alice', join(dir, 'good.apk'), 'good.apk'));
    expect(good.status, good.body.toString()).toBe(201);
    // The spool the server made is private (finding 12).
    expect(await allPrivate(s.stateDir)).toEqual([]);
  }, 180_000);

  it('refuses uploads past a submitter\'s cap at once, or past its bytes an hour, with 429 and Retry-After', async () => {
    const size = (await stat(join(dir, 'good.apk'))).size;
    const s = await server('caps', { uploadsPerSubmitter: 2 }, { greedy: { uploadBytesPerHour: Math.floor(size * 1.5) } });
    const slow = [hold(s, { who: 'mallory', request: slowUpload(0), trickle: true }), hold(s, { who: 'mallory', request: slowUpload(1), trickle: true })];
    // Both are in progress once the server has counted them: a third is refused.
    let third: Reply | undefined;
    for (let attempt = 0; attempt < 100 && third?.status !== 429; attempt++) {
      third = await upload(s, 'mallory', join(dir, 'good.apk'), 'third.apk').catch(() => undefined);
      if (third?.status !== 429) await new Promise((r) => setTimeout(r, 100));
    }
    expect(third?.status).toBe(429);
    expect(third!.json()).toMatchObject({ error: { code: 'TOO_MANY_UPLOADS' } });
    expect(Number(third!.headers['retry-after'])).toBeGreaterThan(0);
    // Another submitter is served meanwhile.
    const alice = await within(20, "alice's upload while mallory's two trickle", upload(s, 'alice', join(dir, 'good.apk'), 'alice.apk'));
    expect(alice.status, alice.body.toString()).toBe(201);
    expect(slow.map((h) => h.status())).toEqual([undefined, undefined]);

    const first = await upload(s, 'greedy', join(dir, 'good.apk'), 'one.apk');
    expect(first.status, first.body.toString()).toBe(201);
    const second = await upload(s, 'greedy', join(dir, 'good.apk'), 'two.apk');
    expect(second.status).toBe(429);
    expect(second.json()).toMatchObject({ error: { code: 'UPLOAD_QUOTA' } });
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(3000);
  }, 180_000);

  it('cuts off 200 slow bodies, 200 silent TCP connections and 50 silent TLS connections, and serves another submitter meanwhile', async () => {
    const s = await server('slow', { handshakeSeconds: 30, headersSeconds: 30, idleSeconds: 2, minUploadBytesPerSecond: 64 * 1024, uploadRateWindowSeconds: 3 }, { mallory: { uploads: 1000, connections: 1000 } });
    const slow: Held[] = [];
    const silentTcp: Held[] = [];
    const silentTls: Held[] = [];
    for (let i = 0; i < 200; i++) slow.push(hold(s, { who: 'mallory', request: slowUpload(i), trickle: true }));
    for (let i = 0; i < 200; i++) silentTcp.push(hold(s, {}));
    for (let i = 0; i < 50; i++) silentTls.push(hold(s, { who: 'mallory' }));
    const started = Date.now();
    const alice = await within(45, "alice's upload while 450 hostile connections are held", upload(s, 'alice', join(dir, 'good.apk'), 'held.apk'));
    expect(alice.status, alice.body.toString()).toBe(201);
    const answered = Date.now();
    // Before, these stayed open for the hour's request timeout, the 120 s handshake timeout and the 60 s headers timeout.
    await within(90, 'the server closing every hostile connection', Promise.all([...slow, ...silentTcp, ...silentTls].map((h) => h.closed)));
    process.stdout.write(`with 450 hostile connections: alice answered after ${answered - started} ms, all hostile ones closed after ${Date.now() - started} ms\n`);
    // A slow body is told why (408 TOO_SLOW) once its rate falls short over the 3 s window. The
    // handshake and headers deadlines are far longer (30 s) so that 450 handshakes on a loaded
    // machine (twenty runnable processes on two cores once left 123 of 200 unanswered at 8 s)
    // still reach that rule; the few that do not are closed unanswered, cut off just the same.
    const answers = slow.map((h) => h.answer());
    expect(answers.filter((a) => a !== '' && !(a.startsWith('HTTP/1.1 408 ') && a.includes('"TOO_SLOW"')))).toEqual([]);
    expect(answers.filter((a) => a !== '').length).toBeGreaterThanOrEqual(100);
  }, 180_000);

  it('drops connections past maxConnections at once', async () => {
    // A long handshake deadline: only the cap can close these within the bound.
    const s = await server('max-connections', { maxConnections: 20, handshakeSeconds: 120 });
    const held = Array.from({ length: 40 }, () => hold(s, {}));
    let closed = 0;
    for (const h of held) void h.closed.then(() => closed++);
    await within(30, 'twenty connections dropped', (async () => {
      while (closed < 20) await new Promise((r) => setTimeout(r, 50));
    })());
    await new Promise((r) => setTimeout(r, 500));
    expect(closed).toBe(20);
  }, 120_000);

  it('cuts off a response body trickled by an operator too, with 408 TOO_SLOW', async () => {
    const s = await server('slow-response', { minUploadBytesPerSecond: 1024, uploadRateWindowSeconds: 2 });
    const held = hold(s, { who: 'operator', request: 'POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n', trickle: true });
    await within(30, 'the server cutting the trickled response off', held.closed);
    expect(held.status()).toBe('HTTP/1.1 408 Request Timeout');
    expect(held.answer()).toContain('"TOO_SLOW"');
  }, 120_000);

  it('refuses a submitter\'s connections past its cap with 429, and keeps serving the others', async () => {
    const s = await server('connections', { connectionsPerSubmitter: 4 });
    const request = 'GET /v1/artifacts HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const held = Array.from({ length: 6 }, () => hold(s, { who: 'mallory', request }));
    await within(30, 'answers to all six', (async () => {
      while (held.some((h) => h.status() === undefined)) await new Promise((r) => setTimeout(r, 50));
    })());
    const statuses = held.map((h) => h.status()).sort();
    expect(statuses.filter((x) => x === 'HTTP/1.1 200 OK')).toHaveLength(4);
    expect(statuses.filter((x) => x === 'HTTP/1.1 429 Too Many Requests')).toHaveLength(2);
    const alice = await within(20, "alice's request", call(`${s.url}/v1/artifacts`, clients.alice!));
    expect(alice.status).toBe(200);
  }, 120_000);
});
