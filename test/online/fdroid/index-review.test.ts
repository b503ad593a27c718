/**
 * The signer's review of an F-Droid index shows what the index asserts: for the JARs `airsign
 * fdroid index` makes of fdroidserver's output, the real signer on SoftHSM2 shows the repository
 * name, the apps, the packages and the index-v2 SHA-256, each marked CLAIMED, and records them in
 * the audit log, and the operator page lists them beside the request; the answer is then taken in and installed. Two apps, one in two versions, so apps (2) and packages (3) differ.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditLogPath } from '../../../offline/state/paths.ts';
import { realParts } from '../../../online/cli/parts.ts';
import { findOutsideTools } from '../../../online/operator/outside-tools.ts';
import { WorkspaceBackend } from '../../../online/operator/workspace-backend.ts';
import { scratchDir } from '../../support/tools.ts';
import { makeApk } from '../helpers/apks.ts';
import { airsign, hasFdroidserver, metadataYml, run, signer } from './support.ts';

if (!hasFdroidserver) console.warn('skipped: the index review test needs fdroidserver (apt-get install fdroidserver; .ci/ensure-tools does)');

const USER_PIN = '5678';
const APKS = [
  { id: 'org.example.alpha', versionCode: 1 },
  { id: 'org.example.alpha', versionCode: 2 },
  { id: 'org.example.beta', versionCode: 5 },
];

describe.skipIf(!hasFdroidserver)('the signer reviews an F-Droid index by what it asserts', () => {
  it('shows the repository name, apps, packages and index-v2 SHA-256 as CLAIMED and records them', { timeout: 600_000 }, async () => {
    const dir = scratchDir('fdroid-index-review');
    mkdirSync(join(dir, 'tokens'));
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const env = { ...process.env, SOFTHSM2_CONF: conf };
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'fdroid', '--so-pin', '12345678', '--pin', USER_PIN], { env, stdio: 'pipe' });
    const pinFile = join(dir, 'pin');
    writeFileSync(pinFile, `${USER_PIN}\n`, { mode: 0o600 });
    const state = join(dir, 'offline-state');
    const made = signer(['keygen', '--uri', 'pkcs11:token=fdroid;object=repo', '--type', 'ec:p256', '--subject', 'CN=repo', '--cert-out', join(dir, 'repo.pem'), '--pin-file', pinFile, '--state', state], env);
    expect(made.code, made.stderr).toBe(0);
    expect(signer(['export-cert', '--uri', 'pkcs11:token=fdroid;object=repo', '--out', join(dir, 'repo.msg')], env).code).toBe(0);
    const policy = join(dir, 'policy.json');
    expect(signer(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=fdroid', '--kind', 'jar'], env).code).toBe(0);
    writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(policy, 'utf8')), unattended: true }));

    // fdroidserver's repository with three signed APKs (their keys are none of this test's).
    const repoRoot = join(dir, 'fdroid');
    mkdirSync(repoRoot);
    expect(run('fdroid', ['init'], { cwd: repoRoot }).code).toBe(0);
    writeFileSync(join(repoRoot, 'config.yml'), `${readFileSync(join(repoRoot, 'config.yml'), 'utf8')}repo_name: Review "test" repo\n`);
    expect(airsign(['fdroid', 'init', repoRoot, '--cert', join(dir, 'repo.msg')]).code).toBe(0);
    mkdirSync(join(repoRoot, 'metadata'));
    const ks = join(dir, 'apps.p12');
    execFileSync('keytool', ['-genkeypair', '-keystore', ks, '-storetype', 'PKCS12', '-storepass', 'apppass', '-alias', 'apps', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=apps', '-validity', '1000'], { stdio: 'pipe' });
    for (const apk of APKS) {
      const path = join(repoRoot, 'repo', `${apk.id}_${apk.versionCode}.apk`);
      await makeApk(path, { packageName: apk.id, versionCode: apk.versionCode, minSdk: 26 });
      execFileSync('apksigner', ['sign', '--ks', ks, '--ks-pass', 'pass:apppass', path], { stdio: 'pipe' });
      writeFileSync(join(repoRoot, 'metadata', `${apk.id}.yml`), metadataYml(apk.id));
    }
    const update = run('fdroid', ['update', '--nosign'], { cwd: repoRoot });
    expect(update.code, update.stderr).toBe(0);
    const v2Sha256 = createHash('sha256').update(readFileSync(join(repoRoot, 'repo', 'index-v2.json'))).digest('hex');

    const indexed = airsign(['fdroid', 'index', repoRoot, '--session', join(dir, 'session')]);
    expect(indexed.code, indexed.stderr).toBe(0);
    expect(indexed.stderr).toContain(`2 app(s), 3 package(s), index-v2 SHA-256 ${v2Sha256}`);
    // The operator page (airsign show) lists the same claims beside the request's QR codes.
    const [shown] = await new WorkspaceBackend(join(dir, 'session'), await realParts(), findOutsideTools(), () => {}).openRequests();
    expect(shown!.items.map((i) => [i.name, i.claims])).toEqual([
      ['entry.jar', [{ what: 'apps', value: '2' }, { what: 'index-v2 SHA-256', value: v2Sha256 }]],
      ['index-v1.jar', [{ what: 'repository name', value: '"Review \\"test\\" repo"' }, { what: 'apps', value: '2' }, { what: 'packages', value: '3' }]],
    ]);
    const frames = join(dir, 'frames');
    expect(airsign(['frames', 'encode', indexed.last, '--out', frames, '--format', 'bin']).code).toBe(0);
    const signed = signer(['sign', '--in', frames, '--out', `${join(dir, 'answer')}/`, '--policy', policy, '--uri', 'pkcs11:token=fdroid', '--state', state, '--yes', '--pin-file', pinFile, '--allow-network'], env);
    expect(signed.code, signed.stderr).toBe(0);
    const review = signed.stdout + signed.stderr;
    process.stdout.write(`${review.split('\n').filter((l) => l.includes('CLAIMED')).join('\n')}\n`);

    // entry.jar: entry.json says how many package names index-v2 has (apps) and its SHA-256.
    const entry = review.slice(review.indexOf('entry.jar [jar]'), review.indexOf('index-v1.jar [jar]'));
    expect(entry).toContain('CLAIMED apps: 2');
    expect(entry).toContain(`CLAIMED index-v2 SHA-256: ${v2Sha256}`);
    // index-v1.jar: the repository's name, its apps and its packages (APK versions).
    const v1 = review.slice(review.indexOf('index-v1.jar [jar]'), review.indexOf('Batch:'));
    expect(v1).toContain('CLAIMED repository name: "Review \\"test\\" repo"');
    expect(v1).toContain('CLAIMED apps: 2');
    expect(v1).toContain('CLAIMED packages: 3');

    const records = readFileSync(auditLogPath(state), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r.event === 'signed' && r.name === 'entry.jar')).toMatchObject({ fdroidApps: 2, fdroidIndexV2Sha256: v2Sha256 });
    expect(records.find((r) => r.event === 'signed' && r.name === 'index-v1.jar')).toMatchObject({ fdroidRepoName: 'Review "test" repo', fdroidApps: 2, fdroidPackages: 3 });
    expect(signer(['audit', 'verify', '--state', state], env).code).toBe(0);

    // The claim is in the session's saved state too: the answer is taken in and the JARs installed.
    const received = airsign(['receive', join(dir, 'session'), '--in', join(dir, 'answer')]);
    expect(received.code, received.stderr).toBe(0);
    expect(received.stderr).toContain('installed repo/entry.jar');
    expect(received.stderr).toContain('installed repo/index-v1.jar');
  });
});
