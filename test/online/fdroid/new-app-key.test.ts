/**
 * An app's key made by the signer on its first publish, end to end: `fdroid init`, `airsign fdroid
 * init`, three apps in unsigned/ (one with a pinned key; two new ones, minSdk 21 so its new key
 * signs the v1 round and the pinned certificate the v2/v3 round after, and minSdk 26 so its new key
 * signs v2+v3 in the one round; and a fourth the signer's policy does not allow a key for),
 * `airsign fdroid publish --new-keys rsa:3072`, the real signer on SoftHSM2 with the frames carried
 * as files both ways. Then: apksigner verifies each APK, signed by the certificate the signer
 * made, returned and the repository pinned under the app's alias (the one on the token, the one
 * its keygen record names); the app without a createKeys rule is refused and no key is made for
 * it; a second publish of a new version uses the same key and the token's objects stay as they were.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SigningResponse } from '../../../protocol/messages/index.ts';
import { readMessageFile } from '../../../online/cli/parts.ts';
import { describe, expect, it } from 'vitest';
import { defaultAlias } from '../../../online/fdroid/index.ts';
import { apksignerVerify, scratchDir } from '../../support/tools.ts';
import { makeApk } from '../helpers/apks.ts';
import { airsign, hasFdroidserver, metadataYml, run, signer } from './support.ts';

const USER_PIN = '5678';
const KNOWN = { id: 'org.example.known', versionCode: 3, minSdk: 26 };
const FRESH_V1 = { id: 'org.example.freshlegacy', versionCode: 1, minSdk: 21 };
const FRESH = { id: 'org.example.fresh', versionCode: 5, minSdk: 26 };
const DENIED = { id: 'com.elsewhere.denied', versionCode: 2, minSdk: 26 };

describe.skipIf(!hasFdroidserver)('a new app on its first publish', () => {
  it('gets a key made by the signer under its alias, pinned, and used again on the next publish', { timeout: 900_000 }, async () => {
    const dir = scratchDir('fdroid-newkey');
    mkdirSync(join(dir, 'tokens'));
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const env = { ...process.env, SOFTHSM2_CONF: conf };
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'fdroid', '--so-pin', '12345678', '--pin', USER_PIN], { env, stdio: 'pipe' });
    const pinFile = join(dir, 'pin');
    writeFileSync(pinFile, `${USER_PIN}\n`, { mode: 0o600 });
    const offlineState = join(dir, 'offline-state');
    const tokenObjects = () => run('pkcs11-tool', ['--module', '/usr/lib/softhsm/libsofthsm2.so', '--token-label', 'fdroid', '--login', '--pin', USER_PIN, '--list-objects'], { env }).stdout.split('\n').filter((l) => /Object;/.test(l)).length;

    // The ceremony for the repository key and the one app that has a key already.
    for (const label of ['repo', defaultAlias(KNOWN.id)]) {
      const made = signer(['keygen', '--uri', `pkcs11:token=fdroid;object=${label}`, '--type', 'rsa:3072', '--subject', `CN=${label}`, '--cert-out', join(dir, `${label}.pem`), '--pin-file', pinFile, '--state', offlineState], env);
      expect(made.code, made.stderr).toBe(0);
      expect(signer(['export-cert', '--uri', `pkcs11:token=fdroid;object=${label}`, '--out', join(dir, `${label}.msg`)], env).code).toBe(0);
    }
    const policy = join(dir, 'policy.json');
    expect(signer(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=fdroid', '--kind', 'apk', '--kind', 'repo=jar'], env).code).toBe(0);
    const initial = JSON.parse(readFileSync(policy, 'utf8')) as { rules: unknown[] };
    // The rule that lets the signer make keys: RSA 3072, for org.example.* only, under any alias.
    const createRule = { comment: 'app keys made on first publish', keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'], createKeys: ['rsa:3072'] };
    writeFileSync(policy, JSON.stringify({ ...initial, unattended: true, rules: [...initial.rules, createRule] }));

    const repoRoot = join(dir, 'fdroid');
    mkdirSync(repoRoot);
    expect(run('fdroid', ['init'], { cwd: repoRoot }).code).toBe(0);
    const setup = airsign(['fdroid', 'init', repoRoot, '--cert', join(dir, 'repo.msg'), `--app-cert=${join(dir, `${defaultAlias(KNOWN.id)}.msg`)}`]);
    expect(setup.code, setup.stderr).toBe(0);
    mkdirSync(join(repoRoot, 'unsigned'));
    mkdirSync(join(repoRoot, 'metadata'));
    const addApk = async (app: { id: string; versionCode: number; minSdk: number }) => {
      await makeApk(join(repoRoot, 'unsigned', `${app.id}_${app.versionCode}.apk`), { packageName: app.id, versionCode: app.versionCode, minSdk: app.minSdk, padBytes: 50_000 });
      writeFileSync(join(repoRoot, 'metadata', `${app.id}.yml`), metadataYml(app.id));
    };
    for (const app of [KNOWN, FRESH_V1, FRESH, DENIED]) await addApk(app);

    let hop = 0;
    const sign = (requestPath: string): { answer: string; review: string } => {
      const frames = join(dir, `frames-${hop}`);
      expect(airsign(['frames', 'encode', requestPath, '--out', frames, '--format', 'bin']).code).toBe(0);
      const answer = join(dir, `answer-${hop++}`);
      const signed = signer(['sign', '--in', frames, '--out', `${answer}/`, '--policy', policy, '--uri', 'pkcs11:token=fdroid', '--state', offlineState, '--yes', '--pin-file', pinFile, '--allow-network'], env);
      expect(signed.code, signed.stderr).toBe(0);
      return { answer, review: signed.stdout };
    };

    // Without --new-keys, an app with no key is refused before any request is made.
    const refused = airsign(['fdroid', 'publish', repoRoot, '--session', join(dir, 'session-refused')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`${FRESH.id} needs the key "${defaultAlias(FRESH.id)}"`);
    expect(refused.stderr).toContain("NO_APP_KEY: no pinned key for");
    expect(refused.stderr).toContain('--new-keys TYPE');

    const before = tokenObjects();
    const apps = join(dir, 'session-apps');
    const published = airsign(['fdroid', 'publish', repoRoot, '--session', apps, '--new-keys', 'rsa:3072']);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stderr).toContain(`${KNOWN.id}_3.apk: ${KNOWN.id} 3, key ${defaultAlias(KNOWN.id)}`);
    for (const app of [FRESH_V1, FRESH, DENIED]) expect(published.stderr).toContain(`${app.id}_${app.versionCode}.apk: ${app.id} ${app.versionCode}, NEW KEY ${defaultAlias(app.id)} (rsa:3072), to be made by the signer if its policy allows`);

    const first = sign(published.last);
    for (const app of [FRESH_V1, FRESH]) expect(first.review).toContain(`NEW KEY: alias ${defaultAlias(app.id)}, type rsa:3072, for package ${app.id}`);
    expect(first.review).toMatch(new RegExp(`${DENIED.id} \\[apk\\].*REFUSE POLICY_KEY_CREATION_NOT_ALLOWED`));
    // Two keys made, three objects each; none for the app the policy does not allow.
    expect(tokenObjects()).toBe(before + 6);
    const round1 = airsign(['receive', apps, '--in', first.answer]);
    expect(round1.stderr).toContain(`pinned the new app key ${defaultAlias(FRESH.id)} for ${FRESH.id}: certificate`);
    expect(round1.stderr).toContain(`installed repo/${FRESH.id}_5.apk (${FRESH.id}, key ${defaultAlias(FRESH.id)})`);
    expect(round1.stderr).toContain(`installed repo/${KNOWN.id}_3.apk`);
    expect(round1.stderr).toContain('REFUSED_POLICY_KEY_CREATION_NOT_ALLOWED');
    // The v1 app's key is pinned under its alias with the answer that brought it, before its v2/v3 round.
    expect(round1.stderr).toContain(`pinned the new app key ${defaultAlias(FRESH_V1.id)} for ${FRESH_V1.id}`);
    expect(existsSync(join(repoRoot, 'airsign', 'app-keys', `${defaultAlias(DENIED.id)}.json`))).toBe(false);
    expect(round1.last).toMatch(/request\.msg$/);
    // The certificates the signer returned, as the session keeps its answer.
    const answered = readMessageFile(new Uint8Array(readFileSync(join(dirname(published.last), 'response.msg')))) as SigningResponse;
    const returned = answered.results.flatMap((r) => (r.status === 'signed' && r.certificate !== undefined ? [createHash('sha256').update(r.certificate).digest('hex')] : []));
    expect(returned).toHaveLength(2);
    const second = sign(round1.last);
    expect(second.review).not.toContain('NEW KEY:');
    const round2 = airsign(['receive', apps, '--in', second.answer]);
    expect(round2.code, round2.stderr).toBe(0);
    expect(round2.stderr).toContain(`installed repo/${FRESH_V1.id}_1.apk`);
    expect(existsSync(join(repoRoot, 'repo', `${DENIED.id}_2.apk`))).toBe(false);
    expect(tokenObjects()).toBe(before + 6);

    const keygens = readFileSync(join(offlineState, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.event === 'keygen' && r.request !== undefined);
    for (const app of [FRESH_V1, FRESH]) {
      const alias = defaultAlias(app.id);
      const apk = join(repoRoot, 'repo', `${app.id}_${app.versionCode}.apk`);
      const judged = apksignerVerify(apk);
      expect(judged.ok, judged.output).toBe(true);
      expect(judged.schemes).toEqual(app.minSdk < 24 ? ['v1', 'v2', 'v3'] : ['v2', 'v3']);
      // The certificate on the token under the alias, the one pinned under it, the one signing the APK: the same.
      const exported = signer(['export-cert', '--uri', `pkcs11:token=fdroid;object=${alias}`, '--out', join(dir, `${alias}.msg`)], env);
      const onToken = /sha256:([0-9a-f]{64})/.exec(exported.stderr + exported.stdout)![1]!;
      const pinned = JSON.parse(readFileSync(join(repoRoot, 'airsign', 'app-keys', `${alias}.json`), 'utf8')) as { sha256: string };
      expect(judged.certSha256).toEqual([onToken]);
      expect(pinned.sha256).toBe(onToken);
      expect(returned).toContain(onToken);
      expect(keygens.filter((r) => r.label === alias).map((r) => [r.key, r.name])).toEqual([[onToken, app.id]]);
      expect(judged.output).toContain(`CN=${app.id}`);
    }

    // The next version of a new app: its key is pinned now, so no key is asked for or made.
    rmSync(join(repoRoot, 'unsigned', `${DENIED.id}_2.apk`));
    await addApk({ ...FRESH_V1, versionCode: 2 });
    const objects = tokenObjects();
    const nextSession = join(dir, 'session-next');
    const next = airsign(['fdroid', 'publish', repoRoot, '--session', nextSession, '--new-keys', 'rsa:3072']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`${FRESH_V1.id}_2.apk: ${FRESH_V1.id} 2, key ${defaultAlias(FRESH_V1.id)} (certificate`);
    expect(next.stderr).not.toContain('NEW KEY');
    const third = sign(next.last);
    expect(third.review).not.toContain('NEW KEY');
    const next1 = airsign(['receive', nextSession, '--in', third.answer]);
    expect(next1.code, next1.stderr).toBe(0);
    const next2 = airsign(['receive', nextSession, '--in', sign(next1.last).answer]);
    expect(next2.code, next2.stderr).toBe(0);
    expect(next2.stderr).toContain(`installed repo/${FRESH_V1.id}_2.apk`);
    const again = apksignerVerify(join(repoRoot, 'repo', `${FRESH_V1.id}_2.apk`));
    expect(again.ok, again.output).toBe(true);
    expect(again.certSha256).toEqual(apksignerVerify(join(repoRoot, 'repo', `${FRESH_V1.id}_1.apk`)).certSha256);
    expect(tokenObjects()).toBe(objects);
  });
});
