/**
 * Detached OpenPGP signatures through the whole flow, with the real signer on a fresh SoftHSM2
 * token and every message carried as frame files both ways: key ceremony, export-cert and
 * export-openpgp, `airsign openpgp sign`, frames, `airsign-signer sign`, frames, `airsign
 * receive`. gpg --verify and sq verify accept the `.asc` files of out/ over files at the SHA-256
 * block edges (1, 55, 56, 63, 64, 65 bytes) and a 50 MB file, for an RSA and a P-256 key; gpg
 * refuses a tampered file; our `airsign verify --key` agrees. The signer refuses an item whose hash
 * state does not match its declared length, a name its policy does not match, and a key its
 * policy does not allow.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { GpgHome, openPgpToolsMissing, sqVerify } from '../../support/openpgp-tools.ts';

const root = resolve(import.meta.dirname, '../../..');
const USER_PIN = '5678';
const EDGE_SIZES = [1, 55, 56, 63, 64, 65];
const BIG = 50 * 1024 * 1024;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly last: string;
}

let dir: string;
let env: NodeJS.ProcessEnv;
let pinFile: string;
let policy: string;
let home: GpgHome;
const offlineState = () => join(dir, 'offline-state');

function run(program: 'online/cli/airsign.js' | 'offline/cli/airsign-signer.js', args: string[]): Run {
  const r = spawnSync(process.execPath, [join(root, program), ...args], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}
const signer = (args: string[]) => run('offline/cli/airsign-signer.js', args);
const airsign = (args: string[]) => run('online/cli/airsign.js', args);

function fileOf(n: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(n);
  let x = seed * 2654435761 + n;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

let hop = 0;
/** The request to the signer as frame files, signed there, the response back as frame files. */
function signThroughFrames(requestFile: string): string {
  const frames = join(dir, `request-frames-${hop}`);
  const encoded = airsign(['frames', 'encode', requestFile, '--out', frames, '--format', 'bin']);
  expect(encoded.code, encoded.stderr).toBe(0);
  const response = join(dir, `response-frames-${hop++}`);
  const signed = signer(['sign', '--in', frames, '--out', `${response}/`, '--policy', policy, '--uri', 'pkcs11:token=pgp', '--state', offlineState(), '--yes', '--pin-file', pinFile, '--allow-network']);
  expect(signed.code, signed.stderr).toBe(0);
  return response;
}

/** A request message file signed as a message file; the decoded response. */
function signMessage(request: SigningRequest): SigningResponse {
  const requestFile = join(dir, `crafted-${hop}.msg`);
  writeFileSync(requestFile, messageToTransfer(request));
  const responseFile = join(dir, `crafted-response-${hop++}.msg`);
  const signed = signer(['sign', '--in', requestFile, '--out', responseFile, '--policy', policy, '--uri', 'pkcs11:token=pgp', '--state', offlineState(), '--yes', '--pin-file', pinFile, '--allow-network']);
  expect(signed.code, signed.stderr).toBe(0);
  return transferToMessage(new Uint8Array(readFileSync(responseFile))) as SigningResponse;
}

function readRequest(path: string): SigningRequest {
  return transferToMessage(new Uint8Array(readFileSync(path))) as SigningRequest;
}

beforeAll(() => {
  if (openPgpToolsMissing !== undefined) return;
  dir = mkdtempSync(join(tmpdir(), 'airsign-openpgp-flow-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  env = { ...process.env, SOFTHSM2_CONF: conf };
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'pgp', '--so-pin', '12345678', '--pin', USER_PIN], { env, stdio: 'pipe' });
  pinFile = join(dir, 'pin');
  writeFileSync(pinFile, `${USER_PIN}\n`, { mode: 0o600 });
  home = new GpgHome();
  for (const [label, type] of [['rsa', 'rsa:3072'], ['ec', 'ec:p256'], ['stranger', 'ec:p256']] as const) {
    const uri = `pkcs11:token=pgp;object=${label}`;
    const made = signer(['keygen', '--uri', uri, '--type', type, '--subject', `CN=airsign openpgp ${label}`, '--cert-out', join(dir, `${label}.pem`), '--pin-file', pinFile, '--state', offlineState()]);
    expect(made.code, made.stderr).toBe(0);
    expect(signer(['export-cert', '--uri', uri, '--out', join(dir, `${label}.msg`)]).code).toBe(0);
    const pgp = signer(['export-openpgp', '--uri', uri, '--user-id', `Release ${label} <${label}@example.org>`, '--out', join(dir, `${label}.asc`), '--pin-file', pinFile, '--state', offlineState()]);
    expect(pgp.code, pgp.stderr).toBe(0);
    expect(home.import(join(dir, `${label}.asc`)).status).toBe(0);
  }
  // The rsa and ec keys may sign OpenPGP signatures of *.bin and *.tar.gz files; the stranger key nothing.
  const fingerprintOf = (label: string) => /sha256:([0-9a-f]{64})/.exec(signer(['keys', '--uri', `pkcs11:token=pgp;object=${label}`]).stdout)![1]!;
  policy = join(dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({
    version: 1,
    unattended: true,
    rules: [{ keys: [`sha256:${fingerprintOf('rsa')}`, `sha256:${fingerprintOf('ec')}`], packages: ['*.bin', '*.tar.gz'], artifacts: ['openpgp'] }],
  }));
}, 600_000);

afterAll(() => {
  home?.remove();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(openPgpToolsMissing !== undefined)('OpenPGP detached signatures from a request, end to end', () => {
  it.each(['rsa', 'ec'])('the %s key signs files at the block edges and a 50 MB file; gpg and sq accept out/<file>.asc, gpg refuses a tampered file', (label) => {
    const files = [...EDGE_SIZES, BIG].map((n, i) => {
      const path = join(dir, `${label}-${n}.bin`);
      writeFileSync(path, fileOf(n, i + 1));
      return path;
    });
    const work = join(dir, `work-${label}`);
    // The RSA session also asks for the binary form, <file>.sig.
    const binary = label === 'rsa';
    const requested = airsign(['openpgp', 'sign', ...files, '--key', join(dir, `${label}.asc`), '--cert', join(dir, `${label}.msg`), '--session', work, ...(binary ? ['--binary'] : [])]);
    expect(requested.code, requested.stderr).toBe(0);
    expect(requested.last).toMatch(/request\.msg$/);
    expect(requested.stderr).toContain(`${label}-1.bin: signs openpgp: SHA-256 state of the file (0 bytes in whole blocks, 1-byte tail)`);
    // Only the hash state crosses: the request for 50 MB and six small files is a few kilobytes.
    expect(readFileSync(requested.last).length).toBeLessThan(8 * 1024);

    const received = airsign(['receive', work, '--in', signThroughFrames(requested.last)]);
    expect(received.code, received.stderr).toBe(0);
    for (const file of files) {
      const name = file.slice(dir.length + 1);
      expect(received.stdout).toContain(`signed ${name}: out/${name}.asc`);
      const asc = join(work, 'out', `${name}.asc`);
      expect(readFileSync(asc, 'utf8')).toMatch(/^-----BEGIN PGP SIGNATURE-----\n/);
      const gpg = home.verify(asc, file);
      expect(gpg.status, gpg.output).toBe(0);
      expect(gpg.output).toContain('[GNUPG:] GOODSIG');
      const sq = sqVerify(join(dir, `${label}.asc`), asc, file);
      expect(sq.status, sq.output).toBe(0);
      const ours = airsign(['verify', '--key', join(dir, `${label}.asc`), asc, file]);
      expect(ours.code, ours.stderr).toBe(0);
      expect(ours.stdout).toContain('openpgp: verified');
      if (binary) {
        expect(received.stdout).toContain(`binary signature: out/${name}.sig`);
        const sig = join(work, 'out', `${name}.sig`);
        expect(readFileSync(sig)[0]).toBe(0xc2); // a signature packet, new format: not armored
        expect(home.verify(sig, file).output).toContain('[GNUPG:] GOODSIG');
      }
    }
    const tampered = join(dir, `${label}-tampered.bin`);
    copyFileSync(files[5]!, tampered);
    const bytes = readFileSync(tampered);
    bytes[64] = bytes[64]! ^ 1;
    writeFileSync(tampered, bytes);
    const asc = join(work, 'out', `${label}-65.bin.asc`);
    const refused = home.verify(asc, tampered);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('[GNUPG:] BADSIG');
    expect(airsign(['verify', '--key', join(dir, `${label}.asc`), asc, tampered]).code).toBe(1);
  }, 900_000);

  it('refuses a hash state that does not match its declared length and a name the policy does not match, signing nothing for them', () => {
    const good = join(dir, 'state.bin');
    const text = join(dir, 'notes.txt');
    writeFileSync(good, fileOf(200, 9));
    writeFileSync(text, 'not for signing\n');
    const requested = airsign(['openpgp', 'sign', good, text, '--key', join(dir, 'rsa.asc'), '--session', join(dir, 'work-rsa')]);
    expect(requested.code, requested.stderr).toBe(0);
    const request = readRequest(requested.last);
    const items = request.items.map((item) => (item.artifact === 'openpgp' && item.name === 'state.bin' ? { ...item, size: item.size + 64 } : item));
    const before = readFileSync(join(offlineState(), 'audit.log'), 'utf8');
    const response = signMessage({ ...request, items });
    const byName = new Map(response.results.map((r) => [request.items[r.index]!.name, r]));
    expect(byName.get('state.bin')).toMatchObject({ status: 'refused', reason: 'INVALID_ITEM', detail: expect.stringContaining('not the declared 264') });
    expect(byName.get('notes.txt')).toMatchObject({ status: 'refused', reason: 'POLICY_PACKAGE_NOT_ALLOWED' });
    const added = readFileSync(join(offlineState(), 'audit.log'), 'utf8').slice(before.length);
    expect(added).not.toContain('"event":"signed"');
  }, 300_000);

  it('refuses an OpenPGP item for a key the policy does not allow', () => {
    const file = join(dir, 'stranger.bin');
    writeFileSync(file, fileOf(10, 3));
    const work = join(dir, 'work-stranger');
    const requested = airsign(['openpgp', 'sign', file, '--key', join(dir, 'stranger.asc'), '--cert', join(dir, 'stranger.msg'), '--session', work]);
    expect(requested.code, requested.stderr).toBe(0);
    const received = airsign(['receive', work, '--in', signThroughFrames(requested.last)]);
    expect(`${received.stdout}${received.stderr}`).toContain('POLICY_KEY_NOT_ALLOWED');
    expect(spawnSync('ls', [join(work, 'out')], { encoding: 'utf8' }).stdout).not.toContain('stranger.bin.asc');
  }, 300_000);

  it('finds no token key for an OpenPGP certificate whose X.509 certificate was not given or pinned', () => {
    const file = join(dir, 'lonely.bin');
    writeFileSync(file, 'x');
    const requested = airsign(['openpgp', 'sign', file, '--key', join(dir, 'ec.asc'), '--session', join(dir, 'work-lonely')]);
    expect(requested.code).toBe(1);
    expect(requested.stderr).toContain('KEY_NOT_MATCHED');
  });
});
