/**
 * The offline bundle: reproducible byte for byte, and self-contained. Unpacked into a fresh
 * directory, it makes a key and signs a request from frames inside a network namespace that has
 * only loopback, under strace to show it never even tries to connect anywhere. The online side
 * (from the checkout) then assembles the APK and apksigner verifies it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOfflineBundle } from '../../../offline/bundle/build.ts';
import { assembleArtifact, prepareArtifact } from '../../../online/apk/index.ts';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest } from '../../../protocol/messages/index.ts';
import { certificateSha256 } from '../../../protocol/signing/index.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { apksignerVerify, scratchDir } from '../../support/tools.ts';
import { freshSoftHsm, MODULE } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';

const root = join(import.meta.dirname, '../../..');
const netns = `airsign-bundle-${process.pid}`;
let work: string;
let hsm: SoftHsm;
let tarball: string;

function inNamespace(args: readonly string[]) {
  return spawnSync('ip', ['netns', 'exec', netns, 'strace', '-f', '-qq', '-e', 'trace=connect', '-o', join(work, 'strace.log'), ...args], {
    encoding: 'utf8',
    env: { ...hsm.env, HOME: work },
  });
}

/** connect() calls strace saw, other than to local (AF_UNIX) sockets. */
function networkAttempts(): string[] {
  return readFileSync(join(work, 'strace.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('connect(') && !l.includes('AF_UNIX'));
}

beforeAll(() => {
  work = scratchDir('bundle');
  hsm = freshSoftHsm();
  hsm.initToken('bundle');
  execFileSync('ip', ['netns', 'add', netns]);
  execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up']);
});

afterAll(() => {
  spawnSync('ip', ['netns', 'del', netns]);
  hsm?.remove();
});

describe('offline bundle', () => {
  it('would see a connection attempt (the detector works)', () => {
    inNamespace([process.execPath, '-e', "require('node:net').connect(80, '192.0.2.1').on('error', () => {})"]);
    expect(networkAttempts().length).toBeGreaterThan(0);
  });

  it('is byte-identical when built twice from the same commit, and says its SHA-256', async () => {
    const a = await buildOfflineBundle(join(work, 'a'));
    const b = await buildOfflineBundle(join(work, 'b'));
    expect(a.sha256).toBe(b.sha256);
    expect(readFileSync(a.path).equals(readFileSync(b.path))).toBe(true);
    expect(readFileSync(`${a.path}.sha256`, 'utf8')).toMatch(new RegExp(`^${a.sha256}  airsign-signer-`));
    tarball = a.path;
  });

  it('holds protocol/, node/ and offline/ only, with a manifest that checks', () => {
    const unpacked = join(work, 'unpacked');
    execFileSync('mkdir', ['-p', unpacked]);
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
    const top = readdirSync(unpacked)[0]!;
    const dir = join(unpacked, top);
    expect(spawnSync('sha256sum', ['--quiet', '-c', 'MANIFEST.sha256'], { cwd: dir }).status).toBe(0);
    const listing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' });
    expect(listing).not.toMatch(/online\//);
    for (const line of listing.trim().split('\n')) expect(line).toMatch(/^-rw[-x]r-[-x]r-[-x] root\/root /);
    const script = readFileSync(join(dir, 'signer.mjs'), 'utf8');
    expect(script).not.toMatch(/\/\/ online\//);
    expect(script).toMatch(/\/\/ node\/durable\.ts/); // the shared Node layer is carried
    expect(script).not.toMatch(/jsdelivr|unpkg|cdn\./i);
    writeFileSync(join(work, 'bundle-dir'), dir);
  });

  it('makes a key and signs a request from frames with no network at all', async () => {
    const dir = readFileSync(join(work, 'bundle-dir'), 'utf8');
    const signer = join(dir, 'bin', 'airsign-signer');
    const uri = 'pkcs11:token=bundle;object=release';
    const common = ['--module', MODULE, '--uri', uri, '--pin-file', hsm.pinFile, '--state', join(work, 'state')];

    const keygen = inNamespace([signer, 'keygen', ...common, '--type', 'ec:p256', '--subject', 'CN=Bundle Test', '--cert-out', join(work, 'cert.pem')]);
    expect(keygen.stderr).toBe('');
    expect(keygen.status).toBe(0);
    expect(networkAttempts()).toEqual([]);

    const certificateDer = new Uint8Array(Buffer.from(readFileSync(join(work, 'cert.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const round = await prepareArtifact(REAL_APK, { certificateDer });
    const request: SigningRequest = {
      v: 2,
      kind: 'request',
      requestId: new Uint8Array(16).fill(7),
      issuedAt: Math.floor(Date.now() / 1000),
      keys: [certificateSha256(certificateDer)],
      items: [{ key: 0, ...round.item }],
    };
    writeFileSync(join(work, 'request.msg'), messageToTransfer(request));
    const encode = spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), 'frames', 'encode', join(work, 'request.msg'), '--out', join(work, 'frames'), '--format', 'bin'], { encoding: 'utf8' });
    expect(encode.status, encode.stderr).toBe(0);

    const policyInit = inNamespace([signer, 'policy', 'init', '--module', MODULE, '--uri', 'pkcs11:token=bundle', '--out', join(work, 'policy.json'), '--kind', 'apk']);
    expect(policyInit.status, policyInit.stderr).toBe(0);
    const policy = JSON.parse(readFileSync(join(work, 'policy.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(work, 'policy.json'), JSON.stringify({ ...policy, unattended: true }));

    const sign = inNamespace([signer, 'sign', ...common, '--in', join(work, 'frames'), '--out', join(work, 'response.msg'), '--policy', join(work, 'policy.json'), '--yes']);
    expect(sign.status, sign.stderr).toBe(0);
    expect(sign.stderr).not.toMatch(/signing on the main thread/); // the bundle's signing thread loaded
    expect(sign.stdout.trim().split('\n').at(-1)).toBe(join(work, 'response.msg'));
    expect(networkAttempts()).toEqual([]);

    const response = transferToMessage(new Uint8Array(readFileSync(join(work, 'response.msg'))));
    if (response.kind !== 'response') throw new Error(`expected a response, got ${response.kind}`);
    const result = response.results[0]!;
    if (result.status !== 'signed') throw new Error(`item refused: ${result.reason} ${result.detail}`);
    const out = join(work, 'signed.apk');
    const assembled = await assembleArtifact(round.state, round.item, result.signatures, out);
    expect(assembled.done).toBe(true);
    const verified = apksignerVerify(out);
    expect(verified.ok, verified.output).toBe(true);

    // Without its signing thread's file the bundle still signs, on the main thread, and says so.
    rmSync(join(dir, 'signing-thread.cjs'));
    const again = inNamespace([signer, 'sign', ...common, '--in', join(work, 'frames'), '--out', join(work, 'response-2.msg'), '--policy', join(work, 'policy.json'), '--yes', '--resign']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/warning: signing on the main thread/);
    const second = transferToMessage(new Uint8Array(readFileSync(join(work, 'response-2.msg'))));
    expect(second.kind === 'response' && second.results[0]!.status).toBe('signed');
  });
});
