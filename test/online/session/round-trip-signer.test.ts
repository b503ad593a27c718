/**
 * The whole round trip with the offline signer's own command line and a fresh SoftHSM2 token,
 * every message carried as frame files on disk: key ceremony, certificate export and pinning,
 * `airsign request`, frames, `airsign-signer sign`, frames, `airsign receive`; an APK that needs
 * v1 takes its second round the same way, and an F-Droid index JAR rides along. The signed APKs
 * pass apksigner verify, the JAR jarsigner -verify.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApk, makeIndexJar } from '../helpers/apks.ts';

const root = resolve(import.meta.dirname, '../../..');
const USER_PIN = '5678';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly last: string;
}

function run(program: 'online/cli/airsign.js' | 'offline/cli/airsign-signer.js', args: string[], env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(process.execPath, [join(root, program), ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}

describe('round trip with the offline signer', () => {
  it('signs APKs of one and two rounds through frames on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airsign-round-trip-'));
    mkdirSync(join(dir, 'tokens'));
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const env = { ...process.env, SOFTHSM2_CONF: conf };
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'release', '--so-pin', '12345678', '--pin', USER_PIN], { env, stdio: 'pipe' });
    const pinFile = join(dir, 'pin');
    writeFileSync(pinFile, `${USER_PIN}\n`, { mode: 0o600 });
    const uri = 'pkcs11:token=release;object=app';
    const offlineState = join(dir, 'offline-state');
    const signer = (args: string[]) => run('offline/cli/airsign-signer.js', args, env);
    const airsign = (args: string[]) => run('online/cli/airsign.js', args, env);

    // Key ceremony on the token; the certificate goes to the online side as a message file.
    const keygen = signer(['keygen', '--uri', uri, '--type', 'rsa:3072', '--subject', 'CN=airsign round trip', '--cert-out', join(dir, 'cert.pem'), '--pin-file', pinFile, '--state', offlineState]);
    expect(keygen.code, keygen.stderr).toBe(0);
    const exported = signer(['export-cert', '--uri', uri, '--out', join(dir, 'cert.msg')]);
    expect(exported.code, exported.stderr).toBe(0);
    const policy = join(dir, 'policy.json');
    expect(signer(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=release', '--kind', 'apk', '--kind', 'jar']).code).toBe(0);
    writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(policy, 'utf8')), unattended: true }));

    const oneRound = join(dir, 'modern.apk');
    const twoRounds = join(dir, 'legacy.apk');
    await makeApk(oneRound, { packageName: 'org.example.modern', versionCode: 12, minSdk: 26, padBytes: 300_000 });
    await makeApk(twoRounds, { packageName: 'org.example.legacy', versionCode: 5, minSdk: 21, padBytes: 300_000 });
    mkdirSync(join(dir, 'repo'));
    const indexJar = join(dir, 'repo', 'entry.jar');
    await makeIndexJar(indexJar, 'entry.jar', 1_764_000_000_000);
    const work = join(dir, 'work');
    const requested = airsign(['request', oneRound, twoRounds, indexJar, '--cert', join(dir, 'cert.msg'), '--session', work]);
    expect(requested.code, requested.stderr).toBe(0);
    // What each will have signed, said by `airsign request` for the build to publish; for an APK,
    // `airsign inspect` computes the same content digest from the file alone.
    const published = (file: string, what: string) => new RegExp(`^${file}: signs (\\S+): ${what} ([0-9a-f]{64})$`, 'm').exec(requested.stderr);
    const modernDigest = published('modern.apk', String.raw`content digest \(chunked SHA-256\)`);
    const indexDigest = published('entry.jar', String.raw`\.SF file digest \(SHA-256\)`);
    expect(modernDigest?.[1], requested.stderr).toBe('v2+v3');
    expect(indexDigest?.[1], requested.stderr).toBe('v1');
    expect(airsign(['inspect', oneRound]).stdout).toContain(`v2/v3 digest:   SHA-256 ${modernDigest![2]} (computed over this file as it is)`);

    /** The request leaves the online side as frame files. */
    let hop = 0;
    const carry = (messageFile: string): string => {
      const frames = join(dir, `frames-${hop++}`);
      const encoded = airsign(['frames', 'encode', messageFile, '--out', frames, '--format', 'bin']);
      expect(encoded.code, encoded.stderr).toBe(0);
      return frames;
    };
    const reviews: string[] = [];
    /** The offline signer reads the request's frames and writes the response as frames of its own. */
    const signRound = (requestPath: string, n: number): string => {
      const responseFrames = join(dir, `response-frames-${n}`);
      const signed = signer(['sign', '--in', carry(requestPath), '--out', `${responseFrames}/`, '--policy', policy, '--uri', 'pkcs11:token=release', '--state', offlineState, '--yes', '--pin-file', pinFile, '--allow-network']);
      expect(signed.code, signed.stderr).toBe(0);
      reviews.push(signed.stdout);
      return responseFrames;
    };

    const round1 = airsign(['receive', work, '--in', signRound(requested.last, 1)]);
    expect(round1.code, round1.stderr).toBe(0);
    expect(round1.stdout).toContain('signed modern.apk: out/modern.apk');
    expect(round1.stdout).toContain('signed entry.jar: out/entry.jar');
    expect(round1.last).toMatch(/request\.msg$/);
    // The review showed the published digests as what is signed, beside the claims; the audit log
    // records both for each signature.
    expect(reviews[0]).toContain('CLAIMED: name, version and sha256 are what the online side says');
    expect(reviews[0]).toContain(`SIGNED v2+v3: content digest (chunked SHA-256) ${modernDigest![2]}`);
    expect(reviews[0]).toContain(`SIGNED v1: .SF file digest (SHA-256) ${indexDigest![2]}`);
    const audit = readFileSync(join(offlineState, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.filter((r) => r.event === 'signed' && r.name === 'org.example.modern').map((r) => [r.scheme, r.versionCode, r.artifact, r.contentDigest])).toEqual([
      ['v2', 12, 'apk', modernDigest![2]],
      ['v3', 12, 'apk', modernDigest![2]],
    ]);
    expect(audit.find((r) => r.event === 'signed' && r.name === 'entry.jar')).toMatchObject({ artifact: 'jar', timestamp: 1_764_000_000_000, sfDigest: indexDigest![2] });
    const round2 = airsign(['receive', work, '--in', signRound(round1.last, 2)]);
    expect(round2.code, round2.stderr).toBe(0);
    expect(round2.stdout).toContain('signed legacy.apk: out/legacy.apk');

    const modern = execFileSync('apksigner', ['verify', '-v', join(work, 'out', 'modern.apk')], { encoding: 'utf8' });
    expect(modern).toContain('Verified using v2 scheme (APK Signature Scheme v2): true');
    const legacy = execFileSync('apksigner', ['verify', '-v', join(work, 'out', 'legacy.apk')], { encoding: 'utf8' });
    expect(legacy).toContain('Verified using v1 scheme (JAR signing): true');
    expect(legacy).toContain('Verified using v2 scheme (APK Signature Scheme v2): true');
    expect(execFileSync('jarsigner', ['-verify', join(work, 'out', 'entry.jar')], { encoding: 'utf8' })).toContain('jar verified.');
    execFileSync('apksigner', ['verify', '--min-sdk-version', '23', '--max-sdk-version', '24', join(work, 'out', 'entry.jar')]);
    // The online side kept the offline audit log's position with each session.
    const status = JSON.parse(airsign(['status', work, '--all', '--json']).stdout) as { sessions: { audit?: { seq: number } }[] };
    expect(status.sessions.map((s) => s.audit?.seq)).toEqual([expect.any(Number), expect.any(Number)]);
  });
});
