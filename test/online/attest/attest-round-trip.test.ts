/**
 * Attestations and approvals end to end, with the real programs and a fresh SoftHSM2 token, the
 * request and response carried as frame files: two rebuilders run `airsign attest` (Ed25519 and
 * ECDSA P-256 keys), `airsign request --attestations` carries them, two approvers run `airsign
 * approve` with their SSH keys (ssh-keygen), and `airsign-signer sign` checks all of it against
 * the policy's pinned keys before the review. The attested APK and index JAR are signed and pass
 * apksigner and jarsigner; an APK of the attested packages without attestations is refused
 * (ATTESTATION_MISSING), as is one that needs v1 (ATTESTATION_SECOND_ROUND); the audit log names
 * the statement and approvals each signature relied on.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import { makeApk, makeIndexJar } from '../helpers/apks.ts';

const root = resolve(import.meta.dirname, '../../..');
const USER_PIN = '5678';

function run(program: 'online/cli/airsign.js' | 'offline/cli/airsign-signer.js', args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [join(root, program), ...args], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}

function writeKey(dir: string, name: string, key: KeyObject): { file: string; spki: string } {
  const file = join(dir, `${name}.pem`);
  writeFileSync(file, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { file, spki: createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64') };
}

function sshKey(dir: string, type: string, name: string): { file: string; line: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'ecdsa' ? ['-b', '256'] : []), '-N', '', '-C', name, '-f', file]);
  const [kind, b64] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  return { file, line: `${name}@example.org namespaces="airsign-request" ${kind} ${b64}` };
}

describe('attestations and approvals end to end', () => {
  it('signs what two pinned rebuilders attested and two approvers approved, and refuses the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airsign-attest-e2e-'));
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

    const keygen = signer(['keygen', '--uri', 'pkcs11:token=release;object=app', '--type', 'ec:p256', '--subject', 'CN=airsign attest e2e', '--cert-out', join(dir, 'cert.pem'), '--pin-file', pinFile, '--state', offlineState]);
    expect(keygen.code, keygen.stderr).toBe(0);

    const modern = join(dir, 'modern.apk');
    const legacy = join(dir, 'legacy.apk');
    const unattested = join(dir, 'unattested.apk');
    await makeApk(modern, { packageName: 'org.example.modern', versionCode: 12, minSdk: 26, padBytes: 200_000 });
    await makeApk(legacy, { packageName: 'org.example.legacy', versionCode: 5, minSdk: 21, padBytes: 200_000 });
    await makeApk(unattested, { packageName: 'org.example.unattested', versionCode: 3, minSdk: 26 });
    mkdirSync(join(dir, 'repo'));
    const indexJar = join(dir, 'repo', 'entry.jar');
    await makeIndexJar(indexJar, 'entry.jar', 1_764_000_000_000);

    // Two rebuilders, each with its own key, attest the artifacts they rebuilt.
    const rebuilderA = writeKey(dir, 'rebuilder-a', generateKeyPairSync('ed25519').privateKey);
    const rebuilderB = writeKey(dir, 'rebuilder-b', generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
    const source = 'git+https://example.org/app.git@0123abc';
    for (const [r, out] of [[rebuilderA, 'a.jsonl'], [rebuilderB, 'b.jsonl']] as const) {
      const attested = airsign(['attest', modern, legacy, indexJar, '--key', r.file, '--cert', join(dir, 'cert.pem'), '--source', source, '--out', join(dir, out)]);
      expect(attested.code, attested.stderr).toBe(0);
      expect(attested.stderr).toContain('legacy.apk: org.example.legacy 5, 2 round(s)');
      expect(attested.stderr).toContain(`pin it in the signer policy as "${r.spki}"`);
    }

    const alice = sshKey(dir, 'ed25519', 'alice');
    const bob = sshKey(dir, 'ecdsa', 'bob');
    const policy = join(dir, 'policy.json');
    expect(signer(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=release', '--kind', 'apk', '--kind', 'jar']).code).toBe(0);
    writeFileSync(policy, JSON.stringify({
      ...JSON.parse(readFileSync(policy, 'utf8')),
      unattended: true,
      attestations: { packages: ['org.example.*', 'entry.jar'], from: [{ key: rebuilderA.spki, name: 'rebuilder-a' }, { key: rebuilderB.spki, name: 'rebuilder-b' }], min: 2 },
      approvals: { min: 2, of: [alice.line, bob.line] },
    }));

    const work = join(dir, 'work');
    const requested = airsign(['request', modern, legacy, unattested, indexJar, '--cert', join(dir, 'cert.pem'), '--session', work, '--attestations', join(dir, 'a.jsonl'), '--attestations', join(dir, 'b.jsonl')]);
    expect(requested.code, requested.stderr).toBe(0);
    // Each rebuilder's statement of an artifact is the same bytes: one envelope an item, two signatures.
    expect(requested.stderr).toMatch(/: 6 attestation\(s\) attached to its items/);

    // Two approvers look at the request and sign its approval digest with their SSH keys.
    for (const who of [alice, bob]) {
      const approved = airsign(['approve', '--session', work, '--key', who.file, '--yes']);
      expect(approved.code, approved.stderr).toBe(0);
      expect(approved.stderr).toContain('attested by: sha256:');
      expect(approved.stdout).toMatch(/^approved [0-9a-f]{64}$/m);
    }

    let hop = 0;
    const frames = (messageFile: string): string => {
      const out = join(dir, `frames-${hop++}`);
      const encoded = airsign(['frames', 'encode', messageFile, '--out', out, '--format', 'bin']);
      expect(encoded.code, encoded.stderr).toBe(0);
      return out;
    };
    const responseFrames = join(dir, 'response-frames');
    const signed = signer(['sign', '--in', frames(requested.last), '--out', `${responseFrames}/`, '--policy', policy, '--uri', 'pkcs11:token=release', '--state', offlineState, '--yes', '--pin-file', pinFile, '--allow-network']);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toContain('ATTESTED by rebuilder-a, rebuilder-b (2 of 2 needed): name, version and SIGNED digests rebuilt from git+https://example.org/app.git@0123abc');
    expect(signed.stdout).toContain('APPROVED by alice@example.org, bob@example.org (2 of 2 needed)');
    expect(signed.stdout).toMatch(/REFUSE ATTESTATION_MISSING/);
    expect(signed.stdout).toMatch(/REFUSE ATTESTATION_SECOND_ROUND/);

    // The same request scanned again, or with its approvals taken off (the same approval digest), is the request signed before.
    const again = signer(['sign', '--in', frames(requested.last), '--out', join(dir, 'again.msg'), '--policy', policy, '--uri', 'pkcs11:token=release', '--state', offlineState, '--yes', '--pin-file', pinFile, '--allow-network']);
    expect(again.stderr).toContain('this request was signed before; its stored answer is sent again');
    const stripped = transferToMessage(new Uint8Array(readFileSync(requested.last)));
    if (stripped.kind !== 'request') throw new Error('not a request');
    writeFileSync(join(dir, 'stripped.msg'), messageToTransfer({ ...stripped, vouch: { attestations: stripped.vouch!.attestations! } }));
    const strippedRun = signer(['sign', '--in', join(dir, 'stripped.msg'), '--out', join(dir, 'stripped-answer.msg'), '--policy', policy, '--uri', 'pkcs11:token=release', '--state', offlineState, '--yes', '--pin-file', pinFile, '--allow-network']);
    expect(strippedRun.stderr).toContain('this request was signed before');

    const received = airsign(['receive', work, '--in', responseFrames]);
    expect(received.stdout).toContain('signed modern.apk: out/modern.apk');
    expect(received.stdout).toContain('signed entry.jar: out/entry.jar');
    expect(execFileSync('apksigner', ['verify', '-v', join(work, 'out', 'modern.apk')], { encoding: 'utf8' })).toContain('Verified using v2 scheme (APK Signature Scheme v2): true');
    expect(execFileSync('jarsigner', ['-verify', join(work, 'out', 'entry.jar')], { encoding: 'utf8' })).toContain('jar verified.');

    const audit = readFileSync(join(offlineState, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const modernRecords = audit.filter((r) => r.event === 'signed' && r.name === 'org.example.modern');
    expect(modernRecords.map((r) => r.scheme)).toEqual(['v2', 'v3']);
    for (const r of modernRecords) {
      expect(r.attestations).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
      expect(r.approvals).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
    }
    expect(audit.filter((r) => r.event === 'refused').map((r) => [r.name, r.reason])).toEqual(expect.arrayContaining([
      ['org.example.legacy', 'ATTESTATION_SECOND_ROUND'],
      ['org.example.unattested', 'ATTESTATION_MISSING'],
    ]));
    expect(signer(['audit', 'verify', '--state', offlineState, '--uri', 'pkcs11:token=release']).code).toBe(0);
  }, 600_000);
});
