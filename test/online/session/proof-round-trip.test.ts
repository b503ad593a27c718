/**
 * Manifest proofs end to end, every message carried as frame files: `airsign request
 * --manifest-proof always` for the real third-party APK (io.appium.settings, its manifest 676 KB
 * into its third chunk) and a made APK with its manifest last; `airsign-signer sign` on a SoftHSM2
 * token under a policy whose rule requires proof, which shows the proven values as PROVEN;
 * `airsign receive`; apksigner verifies both. A third APK sent without a proof is refused
 * POLICY_PROOF_REQUIRED under the same rule.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_APK } from '../../support/sample-apks.ts';
import { makeApk } from '../helpers/apks.ts';

const root = resolve(import.meta.dirname, '../../..');
const USER_PIN = '5678';

function run(program: 'online/cli/airsign.js' | 'offline/cli/airsign-signer.js', args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [join(root, program), ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}

describe('manifest proofs through frames, the signer on SoftHSM2 and apksigner', () => {
  it('signs proven APKs under a rule that requires proof, and refuses an unproven one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airsign-proof-'));
    mkdirSync(join(dir, 'tokens'));
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const env = { ...process.env, SOFTHSM2_CONF: conf };
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'release', '--so-pin', '12345678', '--pin', USER_PIN], { env, stdio: 'pipe' });
    const pinFile = join(dir, 'pin');
    writeFileSync(pinFile, `${USER_PIN}\n`, { mode: 0o600 });
    const offlineState = join(dir, 'offline-state');
    const signer = (args: string[]) => run('offline/cli/airsign-signer.js', args, env);
    const airsign = (args: string[]) => run('online/cli/airsign.js', args, env);
    const keygen = signer(['keygen', '--uri', 'pkcs11:token=release;object=app', '--type', 'ec:p256', '--subject', 'CN=airsign proofs', '--cert-out', join(dir, 'cert.pem'), '--pin-file', pinFile, '--state', offlineState]);
    expect(keygen.code, keygen.stderr).toBe(0);
    expect(signer(['export-cert', '--uri', 'pkcs11:token=release;object=app', '--out', join(dir, 'cert.msg')]).code).toBe(0);
    const policy = join(dir, 'policy.json');
    expect(signer(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=release', '--kind', 'apk']).code).toBe(0);
    const initial = JSON.parse(readFileSync(policy, 'utf8')) as { rules: Record<string, unknown>[] };
    writeFileSync(policy, JSON.stringify({ ...initial, unattended: true, rules: initial.rules.map((r) => ({ ...r, requireProof: true })) }));

    const settings = join(dir, 'settings.apk');
    copyFileSync(REAL_APK, settings);
    const last = join(dir, 'last.apk');
    await makeApk(last, { packageName: 'org.example.last', versionCode: 40, minSdk: 26, padBytes: 3_000_000, manifestLast: true });
    const unproven = join(dir, 'unproven.apk');
    await makeApk(unproven, { packageName: 'org.example.unproven', versionCode: 2, minSdk: 26, padBytes: 10_000 });

    let hop = 0;
    const carry = (messageFile: string): string => {
      const frames = join(dir, `frames-${hop++}`);
      const encoded = airsign(['frames', 'encode', messageFile, '--out', frames, '--format', 'bin']);
      expect(encoded.code, encoded.stderr).toBe(0);
      return frames;
    };
    const sign = (requestPath: string): { frames: string; review: string } => {
      const frames = join(dir, `response-frames-${hop++}`);
      const signed = signer(['sign', '--in', carry(requestPath), '--out', `${frames}/`, '--policy', policy, '--uri', 'pkcs11:token=release', '--state', offlineState, '--yes', '--pin-file', pinFile, '--allow-network']);
      return { frames, review: `${signed.stdout}\n${signed.stderr}` };
    };

    const work = join(dir, 'work');
    const requested = airsign(['request', settings, last, '--cert', join(dir, 'cert.msg'), '--session', work, '--replace-signatures', '--manifest-proof', 'always']);
    expect(requested.code, requested.stderr).toBe(0);
    const first = sign(requested.last);
    expect(first.review).toContain('PROVEN package: io.appium.settings');
    expect(first.review).toContain('PROVEN versionCode: 192 (8.0.10)');
    expect(first.review).toContain('PROVEN SDK: min 26, target 35');
    expect(first.review).toMatch(/PROVEN permissions: 27: ACCESS_BACKGROUND_LOCATION, /);
    expect(first.review).toContain('PROVEN package: org.example.last');
    const received = airsign(['receive', work, '--in', first.frames]);
    expect(received.code, received.stderr).toBe(0);
    expect(received.stdout).toContain('signed settings.apk: out/settings.apk');
    expect(received.stdout).toContain('signed last.apk: out/last.apk');
    for (const name of ['settings.apk', 'last.apk']) {
      const verified = execFileSync('apksigner', ['verify', '-v', join(work, 'out', name)], { encoding: 'utf8' });
      expect(verified).toContain('Verified using v2 scheme (APK Signature Scheme v2): true');
      expect(verified).toContain('Verified using v3 scheme (APK Signature Scheme v3): true');
    }

    const work2 = join(dir, 'work2');
    const plain = airsign(['request', unproven, '--cert', join(dir, 'cert.msg'), '--session', work2, '--manifest-proof', 'never']);
    expect(plain.code, plain.stderr).toBe(0);
    const refused = sign(plain.last);
    expect(refused.review).toContain('POLICY_PROOF_REQUIRED');
    expect(refused.review).toContain('CLAIMED by the online side: package and versionCode (no manifest proof)');
    const after = airsign(['receive', work2, '--in', refused.frames]);
    expect(`${after.stdout}${after.stderr}`).toContain('POLICY_PROOF_REQUIRED');
    const audit = readFileSync(join(offlineState, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const refusal = audit.find((r) => r.event === 'refused' && r.name === 'org.example.unproven');
    expect(refusal).toMatchObject({ reason: 'POLICY_PROOF_REQUIRED' });
    expect(refusal?.proven).toBeUndefined();
    // Each signature of a proven item says so in the log.
    expect(audit.filter((r) => r.event === 'signed').map((r) => [r.name, r.scheme, r.proven])).toEqual([
      ['io.appium.settings', 'v2', true], ['io.appium.settings', 'v3', true], ['org.example.last', 'v2', true], ['org.example.last', 'v3', true],
    ]);
  }, 600_000);
});
