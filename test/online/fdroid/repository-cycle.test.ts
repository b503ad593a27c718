/**
 * A whole F-Droid repository through airsign, judged by fdroidserver's own code and Google's
 * tools: `fdroid init`, `airsign fdroid init`, real APKs of three apps in unsigned/ (minSdk 21,
 * which needs v1 and so two rounds; minSdk 16, whose v1 is SHA-1 over the .SF itself, which crosses
 * the link whole; minSdk 26), `airsign fdroid publish`, the real signer on SoftHSM2 with every
 * message carried as frame files, `fdroid update --nosign`, `airsign fdroid index`, the signer
 * again. Then: `get_index_from_jar` with the pinned fingerprint takes both JARs,
 * `download_repo_index_v2` takes the repository served on 127.0.0.1, the signers fdroidserver
 * records for each app are the app keys in the HSM, apksigner verifies every APK, apksigcopier
 * copies each signature onto its unsigned APK and gets the same file. On the way: a JAR signed over
 * an entry.json that changed before the answer came back is reported stale and not installed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAlias } from '../../../online/fdroid/index.ts';
import { apksignerVerify, scratchDir } from '../../support/tools.ts';
import { makeApk } from '../helpers/apks.ts';
import { airsign, fdroidPython, hasFdroidserver, metadataYml, run, signer } from './support.ts';

if (!hasFdroidserver) console.warn('skipped: fdroidserver is not installed (apt-get install fdroidserver; .ci/ensure-tools does)');

const USER_PIN = '5678';
/** fdroidserver checks JAR signatures with the jarsigner its config names. */
const JARSIGNER = 'import shutil\nfrom fdroidserver import common\ncommon.config = {"jarsigner": shutil.which("jarsigner")}';
const APPS = [
  { id: 'org.example.legacy', versionCode: 7, minSdk: 21 },
  { id: 'org.example.modern', versionCode: 12, minSdk: 26 },
  { id: 'org.example.ancient', versionCode: 3, minSdk: 16 },
];

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolvePort(port));
    });
  });
}

describe.skipIf(!hasFdroidserver)('an F-Droid repository signed through airsign', () => {
  it('publishes three apps (one for Android 4.1) and signs the index; fdroidserver and apksigner accept all of it', { timeout: 600_000 }, async () => {
    const dir = scratchDir('fdroid-cycle');
    mkdirSync(join(dir, 'tokens'));
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const env = { ...process.env, SOFTHSM2_CONF: conf };
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'fdroid', '--so-pin', '12345678', '--pin', USER_PIN], { env, stdio: 'pipe' });
    const pinFile = join(dir, 'pin');
    writeFileSync(pinFile, `${USER_PIN}\n`, { mode: 0o600 });
    const offlineState = join(dir, 'offline-state');

    // Key ceremony: the repository key and one key per app, labelled by fdroidserver's alias.
    const keys = [{ label: 'repo' }, ...APPS.map((a) => ({ label: defaultAlias(a.id) }))];
    for (const { label } of keys) {
      const made = signer(['keygen', '--uri', `pkcs11:token=fdroid;object=${label}`, '--type', 'rsa:3072', '--subject', `CN=${label}`, '--cert-out', join(dir, `${label}.pem`), '--pin-file', pinFile, '--state', offlineState], env);
      expect(made.code, made.stderr).toBe(0);
      expect(signer(['export-cert', '--uri', `pkcs11:token=fdroid;object=${label}`, '--out', join(dir, `${label}.msg`)], env).code).toBe(0);
    }
    const policy = join(dir, 'policy.json');
    expect(signer(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=fdroid', '--kind', 'apk', '--kind', 'jar'], env).code).toBe(0);
    writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(policy, 'utf8')), unattended: true }));

    // The repository, as fdroidserver makes it, then set up for airsign.
    const repoRoot = join(dir, 'fdroid');
    mkdirSync(repoRoot);
    const init = run('fdroid', ['init'], { cwd: repoRoot });
    expect(init.code, init.stderr).toBe(0);
    const setup = airsign(['fdroid', 'init', repoRoot, '--cert', join(dir, 'repo.msg'), ...APPS.map((a) => `--app-cert=${join(dir, `${defaultAlias(a.id)}.msg`)}`)]);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain('config.yml: removed keystore: keystore.p12');
    expect(setup.stdout).toContain('config.yml: removed keystorepass (a secret; not shown)');
    expect(setup.stdout).toMatch(/config\.yml: set repo_pubkey to the certificate SHA-256 [0-9a-f]{64}/);
    const config = readFileSync(join(repoRoot, 'config.yml'), 'utf8');
    expect(config).not.toMatch(/^(keystore|keystorepass|keypass|repo_keyalias):/m);
    expect(config).toContain('# Custom path to the Android SDK'); // the maintainer's comments stay
    expect(airsign(['fdroid', 'init', repoRoot]).stdout).toContain('nothing to change');
    const repoFingerprint = /certificate SHA-256 ([0-9a-f]{64})/.exec(setup.stderr)![1]!;

    mkdirSync(join(repoRoot, 'unsigned'));
    mkdirSync(join(repoRoot, 'metadata'));
    mkdirSync(join(dir, 'unsigned-copies'));
    for (const app of APPS) {
      const name = `${app.id}_${app.versionCode}.apk`;
      await makeApk(join(repoRoot, 'unsigned', name), { packageName: app.id, versionCode: app.versionCode, minSdk: app.minSdk, padBytes: 100_000 });
      copyFileSync(join(repoRoot, 'unsigned', name), join(dir, 'unsigned-copies', name));
      writeFileSync(join(repoRoot, 'metadata', `${app.id}.yml`), metadataYml(app.id));
    }

    let hop = 0;
    const sign = (requestPath: string): string => {
      const frames = join(dir, `frames-${hop}`);
      expect(airsign(['frames', 'encode', requestPath, '--out', frames, '--format', 'bin']).code).toBe(0);
      const answer = join(dir, `answer-${hop++}`);
      const signed = signer(['sign', '--in', frames, '--out', `${answer}/`, '--policy', policy, '--uri', 'pkcs11:token=fdroid', '--state', offlineState, '--yes', '--pin-file', pinFile, '--allow-network'], env);
      expect(signed.code, signed.stderr).toBe(0);
      return answer;
    };

    // Publish: both apps and both keys in one request; the v1 app's second round in another.
    const apps = join(dir, 'session-apps');
    const published = airsign(['fdroid', 'publish', repoRoot, '--session', apps]);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout.trim().split('\n')).toHaveLength(1);
    for (const app of APPS) expect(published.stderr).toContain(`${app.id}_${app.versionCode}.apk: ${app.id} ${app.versionCode}, key ${defaultAlias(app.id)}`);
    const round1 = airsign(['receive', apps, '--in', sign(published.last)]);
    expect(round1.code, round1.stderr).toBe(0);
    expect(round1.stderr).toContain(`installed repo/org.example.modern_12.apk (org.example.modern, key ${defaultAlias('org.example.modern')})`);
    const round2 = airsign(['receive', apps, '--in', sign(round1.last)]);
    expect(round2.code, round2.stderr).toBe(0);
    expect(round2.stderr).toContain('installed repo/org.example.legacy_7.apk');
    expect(round2.stderr).toContain('installed repo/org.example.ancient_3.apk');
    expect(readdirSync(join(repoRoot, 'unsigned'))).toEqual([]);
    const appCerts = new Map(APPS.map((a) => [a.id, execFileSync('openssl', ['x509', '-in', join(dir, `${defaultAlias(a.id)}.pem`), '-outform', 'DER']).toString('hex')]));
    const certSha256 = (hex: string) => execFileSync('sha256sum', { input: Buffer.from(hex, 'hex') }).toString().slice(0, 64);
    for (const app of APPS) {
      const apk = join(repoRoot, 'repo', `${app.id}_${app.versionCode}.apk`);
      const judged = apksignerVerify(apk);
      expect(judged.ok, judged.output).toBe(true);
      expect(judged.certSha256).toEqual([certSha256(appCerts.get(app.id)!)]);
      // F-Droid's reproducible-build check: the published signature onto the unsigned APK.
      const copied = join(dir, `copied-${app.id}.apk`);
      fdroidPython('from fdroidserver import apksigcopier as a\na.do_copy(sys.argv[1], sys.argv[2], sys.argv[3])\nprint("{}")', [apk, join(dir, 'unsigned-copies', `${app.id}_${app.versionCode}.apk`), copied]);
      expect(readFileSync(copied).equals(readFileSync(apk))).toBe(true);
    }
    expect(apksignerVerify(join(repoRoot, 'repo', 'org.example.legacy_7.apk')).schemes).toContain('v1');
    // Android 4.1 checks the SHA-1 v1 signature; later platforms v2 and v3.
    expect(apksignerVerify(join(repoRoot, 'repo', 'org.example.ancient_3.apk'), ['--min-sdk-version', '16']).schemes).toEqual(['v1', 'v2', 'v3']);

    // The index: fdroid update without a key, then airsign signs it.
    const update = run('fdroid', ['update', '--nosign'], { cwd: repoRoot });
    expect(update.code, update.stderr).toBe(0);
    const session = join(dir, 'session-index');
    const indexed = airsign(['fdroid', 'index', repoRoot, '--session', session]);
    expect(indexed.code, indexed.stderr).toBe(0);
    expect(indexed.stderr).toMatch(/repository "[^"]+": timestamp \d+, 3 app\(s\), 3 package\(s\), index-v2 SHA-256 [0-9a-f]{64}/);
    const staleAnswer = sign(indexed.last);
    // entry.json changes before the answer comes back: that signed entry.jar is stale.
    await new Promise((r) => setTimeout(r, 1100));
    expect(run('fdroid', ['update', '--nosign'], { cwd: repoRoot }).code).toBe(0);
    const stale = airsign(['receive', session, '--in', staleAnswer]);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain('entry.jar: stale, not installed: repo/entry.json changed since it was signed');
    expect(existsSync(join(repoRoot, 'repo', 'entry.jar'))).toBe(false);
    const again = airsign(['fdroid', 'index', repoRoot, '--session', join(dir, 'session-index-2')]);
    expect(again.code, again.stderr).toBe(0);
    const received = airsign(['receive', join(dir, 'session-index-2'), '--in', sign(again.last)]);
    expect(received.code, received.stderr).toBe(0);
    expect(received.stderr).toContain('installed repo/entry.jar');
    expect(received.stderr).toContain('installed repo/index-v1.jar');

    // fdroidserver's own reading of the signed index, with the pinned fingerprint.
    // entry.jar as download_repo_index_v2 checks it (current algorithms only), index-v1.jar as _v1 does.
    for (const [jar, deprecated] of [['entry.jar', 'False'], ['index-v1.jar', 'True']] as const) {
      const read = fdroidPython<{ fingerprint: string }>(`${JARSIGNER}\nfrom fdroidserver import index\nd, k, f = index.get_index_from_jar(sys.argv[1], sys.argv[2], allow_deprecated=${deprecated})\nprint(json.dumps({"fingerprint": f}))`, [join(repoRoot, 'repo', jar), repoFingerprint]);
      expect(read.fingerprint.toLowerCase()).toBe(repoFingerprint);
    }
    const port = await freePort();
    const server = spawn('/usr/bin/python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', repoRoot], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && run('/usr/bin/python3', ['-c', `import urllib.request; urllib.request.urlopen("http://127.0.0.1:${port}/repo/entry.jar")`]).code !== 0; i++) await new Promise((r) => setTimeout(r, 200));
      const downloaded = fdroidPython<{ signers: Record<string, string[]> }>(
        `${JARSIGNER}\nfrom fdroidserver import index\ni, e = index.download_repo_index_v2(sys.argv[1])\nprint(json.dumps({"signers": {p: sorted({s for v in d["versions"].values() for s in v["manifest"]["signer"]["sha256"]}) for p, d in i["packages"].items()}}))`,
        [`http://127.0.0.1:${port}/repo?fingerprint=${repoFingerprint}`],
      );
      expect(downloaded.signers).toEqual(Object.fromEntries(APPS.map((a) => [a.id, [certSha256(appCerts.get(a.id)!)]])));
    } finally {
      process.kill(server.pid!);
    }
  });
});
