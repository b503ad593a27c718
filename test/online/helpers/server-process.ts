/**
 * Runs `airsign serve` as a child process with a config written for the test PKI: the server
 * under test is the real program, and its memory can be read from /proc.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TestPki } from './pki.ts';

const root = resolve(import.meta.dirname, '../../..');

export interface SubmitterEntry {
  readonly name: string;
  readonly fingerprint?: string;
  readonly subject?: string;
  readonly packages?: readonly string[];
  readonly jars?: readonly string[];
  readonly keys?: readonly string[];
  readonly operator?: boolean;
  readonly approver?: boolean;
  readonly limits?: { connections?: number; uploads?: number; uploadBytesPerHour?: number };
}

export interface ServerSetup {
  readonly dir: string;
  readonly pki: TestPki;
  readonly submitters: readonly SubmitterEntry[];
  readonly revoked?: { fingerprints?: readonly string[]; serials?: readonly string[] };
  readonly maxUploadBytes?: number;
  readonly batch?: { maxItems?: number; maxOpenSessions?: number; settleSeconds?: number };
  /** The server's `limits` (connections, timeouts, per-submitter uploads). */
  readonly limits?: Record<string, number>;
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly stateDir: string;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Resident set size now and at its peak, in bytes (from /proc). */
  memory(): Promise<{ rss: number; peak: number }>;
  stop(): Promise<void>;
}

export async function writeServerConfig(setup: ServerSetup): Promise<string> {
  const tls = join(setup.dir, 'tls');
  await mkdir(tls, { recursive: true });
  await writeFile(join(tls, 'server.pem'), setup.pki.server.certPem);
  await writeFile(join(tls, 'server-key.pem'), setup.pki.server.keyPem);
  await writeFile(join(tls, 'ca.pem'), setup.pki.ca.certPem);
  const config = {
    listen: { host: '127.0.0.1', port: 0 },
    tls: { cert: 'tls/server.pem', key: 'tls/server-key.pem', clientCa: 'tls/ca.pem' },
    state: 'state',
    ...(setup.maxUploadBytes === undefined ? {} : { maxUploadBytes: setup.maxUploadBytes }),
    ...(setup.batch === undefined ? {} : { batch: setup.batch }),
    ...(setup.limits === undefined ? {} : { limits: setup.limits }),
    revoked: { fingerprints: setup.revoked?.fingerprints ?? [], serials: setup.revoked?.serials ?? [] },
    submitters: setup.submitters,
  };
  const path = join(setup.dir, 'server.json');
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

/** How long a starting server may take to listen (it is seconds even on a loaded machine). */
const READY_SECONDS = 60;

export async function startServerProcess(setup: ServerSetup): Promise<ServerProcess> {
  const configPath = await writeServerConfig(setup);
  const child = spawn(process.execPath, [join(root, 'online/cli/airsign.js'), 'serve', '--config', configPath], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m !== null) done(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`airsign serve exited ${code}: ${err}`)));
    // A server that neither listens nor exits is a failure with what it said, not a hung test.
    const stuck = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`airsign serve did not listen within ${READY_SECONDS} s; it wrote: ${err}${out}`));
    }, READY_SECONDS * 1000);
    child.stdout!.on('data', () => {
      if (/listening on /.test(out)) clearTimeout(stuck);
    });
    child.once('exit', () => clearTimeout(stuck));
  });
  return {
    url,
    child,
    stateDir: join(setup.dir, 'state'),
    stderr: () => err,
    async memory() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    },
  };
}
