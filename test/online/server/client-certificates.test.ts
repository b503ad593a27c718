/**
 * Mutual TLS: the server refuses a client with no certificate, one from another CA, an expired
 * one, one the CA signed but the config does not name, and a revoked one; it serves a known one.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/https-client.ts';
import type { Reply } from '../helpers/https-client.ts';
import { makePki } from '../helpers/pki.ts';
import type { Issued, TestPki } from '../helpers/pki.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import type { ServerProcess } from '../helpers/server-process.ts';

let pki: TestPki;
let server: ServerProcess;
let known: Issued;
let unknown: Issued;
let revokedBySerial: Issued;
let revokedByFingerprint: Issued;
let expired: Issued;
let foreign: Issued;

beforeAll(async () => {
  pki = makePki();
  known = pki.client('ci-known');
  unknown = pki.client('ci-stranger');
  revokedBySerial = pki.client('ci-revoked-serial');
  revokedByFingerprint = pki.client('ci-revoked-fingerprint');
  expired = pki.client('ci-known', { notBefore: new Date(Date.now() - 10 * 86400_000), notAfter: new Date(Date.now() - 86400_000) });
  foreign = pki.foreignClient('ci-known');
  const dir = await mkdtemp(join(tmpdir(), 'airsign-mtls-'));
  server = await startServerProcess({
    dir,
    pki,
    submitters: [
      { name: 'known', subject: 'CN=ci-known, O=airsign tests', packages: ['org.example.*'] },
      { name: 'revoked-serial', fingerprint: revokedBySerial.fingerprint },
      { name: 'revoked-fingerprint', fingerprint: revokedByFingerprint.fingerprint },
    ],
    revoked: { serials: [revokedBySerial.serial], fingerprints: [revokedByFingerprint.fingerprint] },
  });
});

afterAll(async () => {
  await server?.stop();
});

function as(client: Issued | undefined): { ca: string; cert?: string; key?: string } {
  return client === undefined ? { ca: pki.ca.certPem } : { ca: pki.ca.certPem, cert: client.certPem, key: client.keyPem };
}

/** A refusal in the handshake surfaces as a failed request (an alert or a reset), never as a reply. */
async function handshakeRefused(client: Issued | undefined): Promise<unknown> {
  let reply: Reply | undefined;
  let failure: unknown;
  try {
    reply = await call(`${server.url}/v1/artifacts`, as(client));
  } catch (error) {
    failure = error;
  }
  expect(reply?.status).toBeUndefined();
  return failure;
}

describe('client certificates', () => {
  it('serves a configured client, matched by subject', async () => {
    const reply = await call(`${server.url}/v1/artifacts`, as(known));
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ artifacts: [] });
  });

  it('refuses a client without a certificate in the handshake', async () => {
    expect(await handshakeRefused(undefined)).toBeInstanceOf(Error);
  });

  it('refuses a certificate from another CA in the handshake', async () => {
    expect(await handshakeRefused(foreign)).toBeInstanceOf(Error);
  });

  it('refuses an expired certificate in the handshake', async () => {
    expect(await handshakeRefused(expired)).toBeInstanceOf(Error);
    // The server logs why; the log line may trail the client's view of the reset by a moment.
    for (let i = 0; i < 600 && !server.stderr().includes('CERT_HAS_EXPIRED'); i++) await new Promise((r) => setTimeout(r, 50)); // up to 30 s on a loaded machine
    expect(server.stderr()).toContain('refused a TLS client: CERT_HAS_EXPIRED');
  });

  it('refuses a certificate the CA signed but the config does not name', async () => {
    const reply = await call(`${server.url}/v1/artifacts`, as(unknown));
    expect(reply.status).toBe(403);
    expect(reply.json()).toMatchObject({ error: { code: 'UNKNOWN_CLIENT' } });
  });

  it('refuses revoked certificates, by serial and by fingerprint, before reading an upload', async () => {
    for (const client of [revokedBySerial, revokedByFingerprint]) {
      const reply = await call(`${server.url}/v1/artifacts?name=app.apk`, as(client), { method: 'POST', body: Buffer.alloc(1024) });
      expect(reply.status).toBe(403);
      expect(reply.json()).toMatchObject({ error: { code: 'REVOKED_CLIENT' } });
    }
  });
});
