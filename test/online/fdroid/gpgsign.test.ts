/**
 * `airsign fdroid gpgsign` against fdroidserver's own `fdroid gpgsign`, over two copies of one
 * repository: fdroid's with a GnuPG key on disk, ours with the OpenPGP key in a SoftHSM2 token and
 * the request and response carried as frame files through the real signer. Both sign the same
 * files (APK, source tarball, index JSON; not the index JARs, not a file that has its .asc), both
 * put `<file>.asc` beside each, and gpg --verify accepts every one of both; our verifier accepts
 * fdroid's too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeApk } from '../helpers/apks.ts';
import { GpgHome, openPgpToolsMissing } from '../../support/openpgp-tools.ts';
import { hasFdroidserver, root } from './support.ts';

const USER_PIN = '5678';
const dir = mkdtempSync(join(tmpdir(), 'airsign-gpgsign-'));
const homes: GpgHome[] = [];

afterAll(() => {
  for (const h of homes) h.remove();
  rmSync(dir, { recursive: true, force: true });
});

function run(program: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd = dir) {
  const r = spawnSync(process.execPath, [join(root, program), ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}

const ascFiles = (repo: string) => readdirSync(join(repo, 'repo')).filter((n) => n.endsWith('.asc')).sort();

describe.skipIf(!hasFdroidserver || openPgpToolsMissing !== undefined)('airsign fdroid gpgsign beside fdroid gpgsign', () => {
  it('signs the same files, and gpg --verify accepts both sets', async () => {
    // One repository, before any gpgsign: an APK, its source tarball, the index files, and a file signed before.
    const base = join(dir, 'base');
    mkdirSync(join(base, 'repo'), { recursive: true });
    writeFileSync(join(base, 'config.yml'), 'repo_url: https://example.org/fdroid/repo\nrepo_name: gpgsign test\n', { mode: 0o600 });
    await makeApk(join(base, 'repo', 'org.example.app_3.apk'), { packageName: 'org.example.app', versionCode: 3, minSdk: 26 });
    writeFileSync(join(base, 'repo', 'org.example.app_3_src.tar.gz'), Buffer.alloc(4097, 7));
    writeFileSync(join(base, 'repo', 'index-v1.json'), '{"repo":{}}\n');
    // The same bytes under two names: two signatures, one beside each.
    writeFileSync(join(base, 'repo', 'entry.json'), '{"repo":{}}\n');
    writeFileSync(join(base, 'repo', 'entry.jar'), 'not signed by gpgsign');
    writeFileSync(join(base, 'repo', 'old_1.apk'), 'signed before');
    writeFileSync(join(base, 'repo', 'old_1.apk.asc'), 'an older signature, left alone');
    const theirs = join(dir, 'theirs');
    const ours = join(dir, 'ours');
    cpSync(base, theirs, { recursive: true });
    cpSync(base, ours, { recursive: true });

    // fdroid gpgsign, with a key on disk.
    const disk = new GpgHome();
    homes.push(disk);
    expect(disk.gpg(['--passphrase', '', '--quick-gen-key', 'Disk Repo <disk@example.org>', 'rsa3072', 'sign', 'never']).status).toBe(0);
    const diskKey = /^fpr:+([0-9A-F]{40}):/m.exec(disk.gpg(['--list-keys']).output)![1]!;
    writeFileSync(join(theirs, 'config.yml'), `repo_url: https://example.org/fdroid/repo\nrepo_name: gpgsign test\ngpghome: ${disk.dir}\ngpgkey: ${diskKey}\n`, { mode: 0o600 });
    execFileSync('fdroid', ['gpgsign'], { cwd: theirs, env: { ...process.env, GNUPGHOME: disk.dir }, stdio: 'pipe' });
    disk.gpg(['--armor', '--output', join(dir, 'disk.asc'), '--export', diskKey]);

    // airsign fdroid gpgsign, with the key in the token.
    mkdirSync(join(dir, 'tokens'));
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const env = { ...process.env, SOFTHSM2_CONF: conf };
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'repo', '--so-pin', '12345678', '--pin', USER_PIN], { env, stdio: 'pipe' });
    const pinFile = join(dir, 'pin');
    writeFileSync(pinFile, `${USER_PIN}\n`, { mode: 0o600 });
    const state = join(dir, 'offline-state');
    const uri = 'pkcs11:token=repo;object=gpg';
    const signer = (args: string[]) => run('offline/cli/airsign-signer.js', args, env);
    const airsign = (args: string[]) => run('online/cli/airsign.js', args, env);
    expect(signer(['keygen', '--uri', uri, '--type', 'rsa:3072', '--subject', 'CN=repo gpg', '--cert-out', join(dir, 'gpg.pem'), '--pin-file', pinFile, '--state', state]).code).toBe(0);
    expect(signer(['export-cert', '--uri', uri, '--out', join(dir, 'gpg.msg')]).code).toBe(0);
    expect(signer(['export-openpgp', '--uri', uri, '--user-id', 'HSM Repo <hsm@example.org>', '--out', join(dir, 'hsm.asc'), '--pin-file', pinFile, '--state', state]).code).toBe(0);
    const policy = join(dir, 'policy.json');
    const fp = /sha256:([0-9a-f]{64})/.exec(signer(['keys', '--uri', uri]).stdout)![1]!;
    writeFileSync(policy, JSON.stringify({ version: 1, unattended: true, rules: [{ keys: [`sha256:${fp}`], packages: ['*.apk', '*_src.tar.gz', '*.json'], artifacts: ['openpgp'] }] }));
    const work = join(dir, 'work');
    const requested = airsign(['fdroid', 'gpgsign', ours, '--key', join(dir, 'hsm.asc'), '--cert', join(dir, 'gpg.msg'), '--session', work]);
    expect(requested.code, requested.stderr).toBe(0);
    expect(airsign(['frames', 'encode', requested.last, '--out', join(dir, 'request-frames'), '--format', 'bin']).code).toBe(0);
    const signed = signer(['sign', '--in', join(dir, 'request-frames'), '--out', `${join(dir, 'response-frames')}/`, '--policy', policy, '--uri', 'pkcs11:token=repo', '--state', state, '--yes', '--pin-file', pinFile, '--allow-network']);
    expect(signed.code, signed.stderr).toBe(0);
    const received = airsign(['receive', work, '--in', join(dir, 'response-frames')]);
    expect(received.code, received.stderr).toBe(0);
    expect(received.stderr).toContain('installed repo/org.example.app_3.apk.asc');

    // The same files signed, and nothing else.
    expect(ascFiles(ours)).toEqual(ascFiles(theirs));
    expect(ascFiles(ours)).toEqual(['entry.json.asc', 'index-v1.json.asc', 'old_1.apk.asc', 'org.example.app_3.apk.asc', 'org.example.app_3_src.tar.gz.asc']);
    expect(existsSync(join(ours, 'repo', 'entry.jar.asc'))).toBe(false);

    const verifier = new GpgHome();
    homes.push(verifier);
    expect(verifier.import(join(dir, 'disk.asc')).status).toBe(0);
    expect(verifier.import(join(dir, 'hsm.asc')).status).toBe(0);
    for (const name of ascFiles(ours).filter((n) => n !== 'old_1.apk.asc')) {
      const file = name.slice(0, -4);
      for (const [repo, key] of [[theirs, 'disk.asc'], [ours, 'hsm.asc']] as const) {
        const gpg = verifier.verify(join(repo, 'repo', name), join(repo, 'repo', file));
        expect(gpg.status, `${repo} ${name}: ${gpg.output}`).toBe(0);
        expect(gpg.output).toContain('[GNUPG:] GOODSIG');
        const mine = airsign(['verify', '--key', join(dir, key), join(repo, 'repo', name)]);
        expect(mine.code, `${repo} ${name}: ${mine.stderr}`).toBe(0);
      }
    }
  }, 600_000);
});
