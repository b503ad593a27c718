/**
 * Fifty build machines upload a 20 MB APK each at once over mutual TLS on loopback, to
 * `airsign serve` and, in the same run, to a plain HTTPS server that only pipes each upload to a
 * file (the baseline). Reports wall time and the server's peak RSS for both, and their ratios.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeApk } from '../test/online/helpers/apks.ts';
import { call } from '../test/online/helpers/https-client.ts';
import type { ClientTls } from '../test/online/helpers/https-client.ts';
import { buildMachines, makePki } from '../test/online/helpers/pki.ts';
import { startServerProcess } from '../test/online/helpers/server-process.ts';
import { makeSigningKey, pinWithCli } from '../test/online/helpers/signing-key.ts';

const root = resolve(import.meta.dirname, '..');
const UPLOADS = 50;
const SIZE = 20 * 1024 * 1024;

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function distinctCopy(base: string, path: string, i: number): Promise<void> {
  await copyFile(base, path);
  const handle = await open(path, 'r+');
  const { size } = await handle.stat();
  const tail = Buffer.alloc(22);
  await handle.read(tail, 0, 22, size - 22);
  const comment = Buffer.from(`copy ${String(i).padStart(4, '0')}`);
  tail.writeUInt16LE(comment.length, 20);
  await handle.write(Buffer.concat([tail, comment]), 0, 22 + comment.length, size - 22);
  await handle.close();
}

async function uploadAll(url: string, files: readonly string[], clients: readonly ClientTls[]): Promise<number> {
  const start = performance.now();
  const replies = await Promise.all(
    files.map(async (file, i) => call(`${url}/v1/artifacts?name=app-${i}.apk`, clients[i]!, { method: 'POST', body: () => createReadStream(file), length: (await stat(file)).size })),
  );
  const ms = performance.now() - start;
  const bad = replies.filter((r) => r.status !== 201);
  if (bad.length > 0) throw new Error(`${bad.length} uploads refused: ${bad[0]!.body.toString()}`);
  return ms;
}

const dir = await mkdtemp(join(tmpdir(), 'airsign-bench-uploads-'));
const pki = makePki();
const key = await makeSigningKey(dir);
const keySha = pinWithCli(key.certPath, join(dir, 'state'));
const { clients, submitters } = buildMachines(pki, UPLOADS, keySha);
const base = join(dir, 'base.apk');
await makeApk(base, { packageName: 'org.example.big', versionCode: 1, minSdk: 26, padBytes: SIZE - 64 * 1024 });
const files: string[] = [];
for (let i = 0; i < UPLOADS; i++) {
  files.push(join(dir, `app-${i}.apk`));
  await distinctCopy(base, files[i]!, i);
}
const volume = UPLOADS * (await stat(base)).size;

// Baseline: pipe to a file, nothing else.
const plainDir = join(dir, 'plain');
await mkdir(plainDir);
await mkdir(join(dir, 'tls'), { recursive: true });
for (const [name, pem] of [['server.pem', pki.server.certPem], ['server-key.pem', pki.server.keyPem], ['ca.pem', pki.ca.certPem]] as const) await writeFile(join(dir, 'tls', name), pem);
const plain = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/support/plain-upload-server.ts'), join(dir, 'tls/server.pem'), join(dir, 'tls/server-key.pem'), join(dir, 'tls/ca.pem'), plainDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const plainUrl = await new Promise<string>((done) => plain.stdout.on('data', (c: Buffer) => /listening on (\S+)/.test(c.toString()) && done(/listening on (\S+)/.exec(c.toString())![1]!)));
const plainMs = await uploadAll(plainUrl, files, clients);
const plainPeak = await peakRss(plain.pid!);
plain.kill('SIGTERM');

// airsign serve: hash on the way, fsync, manifest check, spool accept; the pipeline prepares in the background.
const server = await startServerProcess({ dir, pki, submitters, maxUploadBytes: 64 * 1024 * 1024, batch: { settleSeconds: 600 } });
const airsignMs = await uploadAll(server.url, files, clients);
const airsignPeak = (await server.memory()).peak;
await server.stop();

const mib = (b: number) => (b / 2 ** 20).toFixed(0);
const table = [
  '# Upload benchmark: 50 concurrent 20 MB uploads over mutual TLS (loopback)',
  '',
  `Volume: ${UPLOADS} x ${mib(volume / UPLOADS)} MiB = ${mib(volume)} MiB, ${UPLOADS} client certificates, 2 cores.`,
  '',
  '| server | wall time | throughput | server peak RSS |',
  '|---|---|---|---|',
  `| plain HTTPS, pipe to file (baseline) | ${(plainMs / 1000).toFixed(2)} s | ${(volume / 2 ** 20 / (plainMs / 1000)).toFixed(0)} MiB/s | ${mib(plainPeak)} MiB |`,
  `| airsign serve | ${(airsignMs / 1000).toFixed(2)} s | ${(volume / 2 ** 20 / (airsignMs / 1000)).toFixed(0)} MiB/s | ${mib(airsignPeak)} MiB |`,
  `| ratio airsign / baseline | ${(airsignMs / plainMs).toFixed(2)} | | ${(airsignPeak / plainPeak).toFixed(2)} |`,
  '',
  'airsign serve also hashes each upload (SHA-256), fsyncs it, reads its manifest to check the submitter may send the package, and accepts it into the spool; its pipeline starts preparing the artifacts meanwhile.',
  '',
];
await mkdir(join(root, 'docs/bench'), { recursive: true });
await writeFile(join(root, 'docs/bench/online-uploads.md'), table.join('\n'));
process.stdout.write(table.join('\n'));
