/**
 * Fifty build machines upload a 20 MB APK each, all at once, over mutual TLS on loopback: every
 * upload is accepted with the right SHA-256, and the server's memory stays far below what was
 * uploaded (uploads stream to disk). The server is a child process; its RSS is read from /proc.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApk } from '../helpers/apks.ts';
import { call } from '../helpers/https-client.ts';
import type { ClientTls } from '../helpers/https-client.ts';
import { buildMachines, makePki } from '../helpers/pki.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { makeSigningKey, pinWithCli } from '../helpers/signing-key.ts';

const UPLOADS = 50;
const SIZE = 20 * 1024 * 1024;

let server: ServerProcess;
let dir: string;
let clients: ClientTls[] = [];
const files: { path: string; sha256: string }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-uploads-'));
  const pki = makePki();
  const key = await makeSigningKey(dir);
  const keySha = pinWithCli(key.certPath, join(dir, 'state'));
  const machines = buildMachines(pki, UPLOADS, keySha);
  clients = machines.clients;
  const submitters = machines.submitters;
  // Fifty distinct files from one: each copy carries its own ZIP comment.
  const base = join(dir, 'base.apk');
  await makeApk(base, { packageName: 'org.example.big', versionCode: 1, minSdk: 26, padBytes: SIZE - 64 * 1024 });
  const bytes = await readFile(base);
  for (let i = 0; i < UPLOADS; i++) {
    const path = join(dir, `app-${i}.apk`);
    const copy = withComment(bytes, `copy ${String(i).padStart(4, '0')}`);
    await writeFile(path, copy);
    files.push({ path, sha256: createHash('sha256').update(copy).digest('hex') });
  }
  // A long settle keeps the pipeline from batching while uploads run; prepare still runs.
  server = await startServerProcess({ dir, pki, submitters, maxUploadBytes: 64 * 1024 * 1024, batch: { settleSeconds: 600 } });
});

afterAll(async () => {
  await server?.stop();
});

/** The same archive with a comment in its end record (the record is the file's last 22 bytes). */
function withComment(zip: Buffer, text: string): Buffer {
  const comment = Buffer.from(text);
  const eocd = Buffer.from(zip.subarray(zip.length - 22));
  if (eocd.readUInt32LE(0) !== 0x06054b50) throw new Error('expected an end record without a comment');
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([zip.subarray(0, zip.length - 22), eocd, comment]);
}

describe('fifty concurrent uploads', () => {
  it('accepts every one, with memory far below the volume uploaded', async () => {
    const before = await server.memory();
    let peakDuring = before.rss;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakDuring = Math.max(peakDuring, (await server.memory()).rss);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const replies = await Promise.all(
      files.map(async (file, i) => {
        const { size } = await stat(file.path);
        return call(`${server.url}/v1/artifacts?name=app-${i}.apk`, clients[i]!, { method: 'POST', body: () => createReadStream(file.path), length: size });
      }),
    );
    sampling = false;
    await sampler;
    const after = await server.memory();

    for (const [i, reply] of replies.entries()) {
      expect(reply.status, `upload ${i}: ${reply.body.toString()}`).toBe(201);
      expect((reply.json() as { artifact: { sha256: string; submitter: string } }).artifact).toMatchObject({ sha256: files[i]!.sha256, submitter: `build-${i}` });
    }
    const uploaded = UPLOADS * (await stat(files[0]!.path)).size;
    process.stdout.write(`uploads: ${UPLOADS} x ${(uploaded / UPLOADS / 2 ** 20).toFixed(1)} MiB; server RSS before ${(before.rss / 2 ** 20).toFixed(0)} MiB, peak during ${(peakDuring / 2 ** 20).toFixed(0)} MiB, high-water mark ${(after.peak / 2 ** 20).toFixed(0)} MiB\n`);
    // Bounded: far below the volume (1000 MiB). What the server does hold: fifty TLS connections
    // and their streams' buffers (60-80 MiB), the two engine threads preparing the artifacts as
    // they arrive (about 25 MiB each), garbage the collector has not reached yet. Measured growth
    // 60-120 MiB on this 2-core machine, up to 220 MiB with the whole suite running beside it.
    expect(after.peak - before.peak).toBeLessThan(uploaded / 4);
  });
});
