/**
 * APKs whose minSdk is below 19 (Android 4.4), signed as apksigner signs them, through the real
 * programs on a fresh SoftHSM2 token with every message carried as frame files: v1 over the .SF
 * itself (SHA-1 with RSA below API level 18, SHA-256 at 18), the .SF crossing the link whole and
 * checked by the signer before it signs, then v2+v3 in a second round. apksigner verify (from the
 * APK's minSdk, 14 for the oldest) and jarsigner accept the results. Hostile .SF files in a
 * request are each refused with their code, and the signer's policy state stays as it was.
 */
import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { signatureFileChunks } from '../../../protocol/kinds/index.ts';
import { buildV1Files } from '../../../online/apk/v1/signature-files.ts';
import { freshSoftHsm } from '../../offline/support/softhsm.ts';
import type { SoftHsm } from '../../offline/support/softhsm.ts';
import { apksignerVerify, jarsignerVerify } from '../../support/tools.ts';
import { makeApk } from '../helpers/apks.ts';

const root = resolve(import.meta.dirname, '../../..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly last: string;
}

let hsm: SoftHsm;
let dir: string;
let policy: string;
let certDer: Uint8Array;
const state = () => join(dir, 'offline-state');

function run(program: 'online/cli/airsign.js' | 'offline/cli/airsign-signer.js', args: string[]): Run {
  const r = spawnSync(process.execPath, [join(root, program), ...args], { cwd: root, env: hsm.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}
const signer = (args: string[]) => run('offline/cli/airsign-signer.js', args);
const airsign = (args: string[]) => run('online/cli/airsign.js', args);
const signArgs = (input: string, out: string) => ['sign', '--in', input, '--out', out, '--policy', policy, '--uri', 'pkcs11:token=old', '--state', state(), '--yes', '--pin-file', hsm.pinFile, '--allow-network'];

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('old');
  dir = hsm.dir;
  const keygen = signer(['keygen', '--uri', 'pkcs11:token=old;object=app', '--type', 'rsa:3072', '--subject', 'CN=old platforms', '--cert-out', join(dir, 'cert.pem'), '--pin-file', hsm.pinFile, '--state', state()]);
  expect(keygen.code, keygen.stderr).toBe(0);
  expect(signer(['export-cert', '--uri', 'pkcs11:token=old;object=app', '--out', join(dir, 'cert.msg')]).code).toBe(0);
  certDer = new Uint8Array(new X509Certificate(readFileSync(join(dir, 'cert.pem'))).raw);
  policy = join(dir, 'policy.json');
  expect(signer(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=old', '--kind', 'apk']).code).toBe(0);
  writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(policy, 'utf8')), unattended: true }));
}, 300_000);

afterAll(() => hsm.remove());

describe('APKs for Android below 4.4 through the real signer', () => {
  it('signs minSdk 14, 16 and 18: the .SF crosses whole, v2+v3 follow; apksigner and jarsigner accept them', async () => {
    const apps = [
      { file: 'ics.apk', packageName: 'org.example.ics', minSdk: 14, digest: 'SHA-1' },
      { file: 'jb.apk', packageName: 'org.example.jellybean', minSdk: 16, digest: 'SHA-1' },
      { file: 'jbmr2.apk', packageName: 'org.example.jbmr2', minSdk: 18, digest: 'SHA-256' },
    ];
    for (const a of apps) await makeApk(join(dir, a.file), { packageName: a.packageName, versionCode: 3, minSdk: a.minSdk, targetSdk: 28, padBytes: 100_000, extraEntries: 20 });
    const work = join(dir, 'work');
    const requested = airsign(['request', ...apps.map((a) => join(dir, a.file)), '--cert', join(dir, 'cert.msg'), '--session', work]);
    expect(requested.code, requested.stderr).toBe(0);
    for (const a of apps) {
      // What is signed, as the build publishes it: the .SF (23 entries) signed whole, and the manifest digest it states.
      expect(requested.stderr).toMatch(new RegExp(`^${a.file}: signs v1: \\.SF file, signed whole with ${a.digest} \\(23 entries; \\d+ bytes\\), its SHA-256 [0-9a-f]{64}$`, 'm'));
      expect(requested.stderr).toMatch(new RegExp(`^${a.file}: signs v1: manifest digest \\(${a.digest}\\) the \\.SF states [0-9a-f]{${a.digest === 'SHA-1' ? 40 : 64}}$`, 'm'));
    }
    let hop = 0;
    const carry = (messageFile: string): string => {
      const frames = join(dir, `frames-${hop++}`);
      const encoded = airsign(['frames', 'encode', messageFile, '--out', frames, '--format', 'bin']);
      expect(encoded.code, encoded.stderr).toBe(0);
      return frames;
    };
    const signRound = (requestPath: string): { frames: string; review: string } => {
      const frames = join(dir, `response-frames-${hop++}`);
      const signed = signer(signArgs(carry(requestPath), `${frames}/`));
      expect(signed.code, signed.stderr).toBe(0);
      return { frames, review: signed.stdout };
    };
    const first = signRound(requested.last);
    // The operator saw what the .SF asserts before it was signed.
    expect(first.review).toMatch(/SIGNED v1: \.SF file, signed whole with SHA-1 \(23 entries; \d+ bytes\), its SHA-256 [0-9a-f]{64}/);
    expect(first.review).toMatch(/SIGNED v1: manifest digest \(SHA-256\) the \.SF states [0-9a-f]{64}/);
    const round1 = airsign(['receive', work, '--in', first.frames]);
    expect(round1.code, round1.stderr).toBe(0);
    expect(round1.last).toMatch(/request\.msg$/);
    const round2 = airsign(['receive', work, '--in', signRound(round1.last).frames]);
    expect(round2.code, round2.stderr).toBe(0);
    for (const a of apps) expect(round2.stdout).toContain(`signed ${a.file}: out/${a.file}`);

    for (const a of apps) {
      const out = join(work, 'out', a.file);
      const verified = apksignerVerify(out, ['--min-sdk-version', String(a.minSdk)]);
      expect(verified.ok, verified.output).toBe(true);
      expect(verified.schemes).toEqual(['v1', 'v2', 'v3']);
      // The JDK calls SHA-1 jars unsigned by policy; with that one rule lifted it checks the signature itself.
      expect(jarsignerVerify(out, { allowSha1: a.digest === 'SHA-1' }).ok).toBe(true);
      expect(airsign(['verify', out, '--min-sdk-version', String(a.minSdk)]).code).toBe(0);
    }
    expect(apksignerVerify(join(work, 'out', 'ics.apk'), ['--min-sdk-version', '14']).ok).toBe(true);
    // The audit log records each .SF by its SHA-256, as it records a .SF digest.
    const audit = readFileSync(join(state(), 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const v1Records = audit.filter((r) => r.event === 'signed' && r.scheme === 'v1');
    expect(v1Records.map((r) => r.method).sort()).toEqual(['rsa-pkcs1-sha1', 'rsa-pkcs1-sha1', 'rsa-pkcs1-sha256']);
    for (const r of v1Records) expect(r.sfDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses --schemes v2,v3 for minSdk 16 before anything reaches the signer', async () => {
    const apk = join(dir, 'forced.apk');
    await makeApk(apk, { packageName: 'org.example.forced', versionCode: 1, minSdk: 16 });
    const r = airsign(['request', apk, '--cert', join(dir, 'cert.msg'), '--session', join(dir, 'forced-work'), '--schemes', 'v2,v3']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('BAD_SCHEMES');
  });

  it('refuses each hostile .SF with its code, signs nothing, and leaves the policy state as it was', () => {
    const digest = (algorithm: 'sha1' | 'sha256', data: Uint8Array) => new Uint8Array(createHash(algorithm).update(data).digest());
    const digests = new Map([['AndroidManifest.xml', digest('sha1', Buffer.from('a'))], ['classes.dex', digest('sha1', Buffer.from('b'))], ['res/raw/x.bin', digest('sha1', Buffer.from('c'))]]);
    const files = buildV1Files(digests, [2, 3], 'sha1');
    const good = files.signatureFile.toString('latin1');
    const manifestDigest = digest('sha1', files.manifest);
    const variants: [string, Buffer, Uint8Array?][] = [
      ['SF_MAIN_ATTRIBUTE', Buffer.from(good.replace('Created-By: 1.0 (airsign)\r\n', 'Created-By: 1.0 (airsign)\r\nX-Extra: 1\r\n'), 'latin1')],
      ['SF_SECTION_ATTRIBUTE', Buffer.from(good.replace(/(Name: classes\.dex\r\nSHA1-Digest: [^\r]*\r\n)/, '$1Magic: yes\r\n'), 'latin1')],
      ['SF_NOT_TEXT', Buffer.concat([files.signatureFile, Buffer.from([0, 1, 2, 0xff])])],
      ['SF_TOO_LARGE', Buffer.concat([files.signatureFile, Buffer.alloc(1024 * 1024, 0x41)])],
      ['SF_DUPLICATE_NAME', Buffer.from(good.replace('Name: res/raw/x.bin', 'Name: classes.dex'), 'latin1')],
      ['SF_MANIFEST_DIGEST_MISMATCH', files.signatureFile, digest('sha1', Buffer.from('another manifest'))],
    ];
    const fingerprint = new Uint8Array(createHash('sha256').update(certDer).digest());
    const request: SigningRequest = {
      v: 2, kind: 'request', requestId: new Uint8Array(16).fill(7), issuedAt: Math.floor(Date.now() / 1000), keys: [fingerprint],
      items: variants.map(([, sf, md], i) => ({
        key: 0, artifact: 'apk' as const, name: `org.example.hostile${i}`, versionCode: 10, versionName: '1.0', sha256: new Uint8Array(32).fill(i),
        schemes: ['v1' as const], v1Sf: { digestAlgorithm: 'sha1' as const, manifestDigest: md ?? manifestDigest, signatureFile: signatureFileChunks(sf) },
      })),
    };
    const requestPath = join(dir, 'hostile.msg');
    writeFileSync(requestPath, messageToTransfer(request));
    const policyState = join(state(), 'policy-state.json');
    const before = readFileSync(policyState);
    const auditBefore = statSync(join(state(), 'audit.log')).size;
    const out = join(dir, 'hostile-response.msg');
    const r = signer(signArgs(requestPath, out));
    // Nothing to sign: every item refused (the command says so), and the response carries each refusal with its code.
    const response = transferToMessage(readFileSync(out)) as SigningResponse;
    expect(response.results.map((x) => (x.status === 'refused' ? `${x.reason} ${x.detail.split(':')[0]}` : x.status)), r.stderr).toEqual(variants.map(([code]) => `INVALID_ITEM ${code}`));
    expect(readFileSync(policyState).equals(before)).toBe(true);
    const added = readFileSync(join(state(), 'audit.log')).subarray(auditBefore).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(added.map((a) => a.event)).toEqual(variants.map(() => 'refused'));
    expect(r.stdout).toContain('SF_MAIN_ATTRIBUTE');
  });
});
