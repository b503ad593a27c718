/**
 * An apt repository signed through airsign, judged by apt, gpgv and sq: a tiny repository made by
 * dpkg-deb and apt-ftparchive, `airsign apt sign` with the key.asc export-openpgp wrote, the real
 * signer on SoftHSM2 with the request and the answer each carried as frame files, `airsign
 * receive`. Then `apt-get update` (its own state, cache and configuration, signed-by the exported
 * key) accepts the InRelease and refuses a tampered one, and accepts Release with Release.gpg when
 * there is no InRelease; gpgv and sq verify both signatures; a Release file of over 200 KB crosses
 * in pieces and verifies too. For RSA 3072 and P-256. Refused: a
 * Release whose Date goes back for its suite (the signer's rollback rule), a Release file with a
 * garbled field (by the online side, and by the signer in a request crafted to carry one), a key
 * the policy has no rule for.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../protocol/hash.ts';
import { releasePieces } from '../../../protocol/kinds/index.ts';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { freshSoftHsm } from '../../offline/support/softhsm.ts';
import type { SoftHsm } from '../../offline/support/softhsm.ts';
import { GpgHome, openPgpToolsMissing, sqVerify } from '../../support/openpgp-tools.ts';
import { airsign, signer } from '../fdroid/support.ts';
import { aptGetUpdate, aptListed, aptToolsMissing, makeRepository } from './repository.ts';
import type { Repository } from './repository.ts';

const missing = aptToolsMissing ?? openPgpToolsMissing;
if (missing !== undefined) console.warn(`apt sign: skipped, ${missing} is missing`);

const LABELS = ['rsa', 'ec'] as const;
let hsm: SoftHsm;
let state: string;
const homes: GpgHome[] = [];

beforeAll(() => {
  if (missing !== undefined) return;
  hsm = freshSoftHsm();
  hsm.initToken('apt');
  state = join(hsm.dir, 'state');
  for (const label of LABELS) {
    const made = signer(['keygen', '--uri', `pkcs11:token=apt;object=${label}`, '--type', label === 'rsa' ? 'rsa:3072' : 'ec:p256', '--subject', `CN=apt ${label}`, '--cert-out', join(hsm.dir, `${label}.pem`), '--pin-file', hsm.pinFile, '--state', state], hsm.env);
    expect(made.code, made.stderr).toBe(0);
    const exported = signer(['export-openpgp', '--uri', `pkcs11:token=apt;object=${label}`, '--user-id', `Airsign apt ${label} <apt@example.org>`, '--out', join(hsm.dir, `${label}.asc`), '--pin-file', hsm.pinFile, '--state', state], hsm.env);
    expect(exported.code, exported.stderr).toBe(0);
  }
  const policy = (keys: string[]) => ({ version: 1, unattended: true, rules: [{ keys: keys.map((k) => `label:${k}`), packages: ['Airsign/*'], artifacts: ['apt-release'] }] });
  writeFileSync(join(hsm.dir, 'policy.json'), JSON.stringify(policy([...LABELS])));
  for (const label of LABELS) writeFileSync(join(hsm.dir, `policy-without-${label}.json`), JSON.stringify(policy(LABELS.filter((l) => l !== label))));
}, 600_000);

afterAll(() => {
  for (const home of homes) home.remove();
  hsm?.remove();
});

let hop = 0;

/** The request carried to the signer as frame files, signed there, the answer written as frame files. */
function signAsFrames(request: string, policy = join(hsm.dir, 'policy.json')): { answer: string; stdout: string } {
  const frames = join(hsm.dir, `frames-${hop}`);
  const encoded = airsign(['frames', 'encode', request, '--out', frames, '--format', 'bin']);
  expect(encoded.code, encoded.stderr).toBe(0);
  const answer = join(hsm.dir, `answer-${hop++}`);
  const signed = signer(['sign', '--in', frames, '--out', `${answer}/`, '--policy', policy, '--uri', 'pkcs11:token=apt', '--state', state, '--yes', '--pin-file', hsm.pinFile, '--allow-network'], hsm.env);
  expect(signed.code, signed.stderr).toBe(0);
  return { answer, stdout: signed.stdout };
}

function aptSign(label: string, release: string, session: string) {
  return airsign(['apt', 'sign', release, '--key', join(hsm.dir, `${label}.asc`), '--cert', join(hsm.dir, `${label}.pem`), '--session', session]);
}

/** A copy of the repository with its Release file's Date moved by `seconds` (and nothing else changed). */
function shiftedDate(repo: Repository, seconds: number, root: string): Repository {
  cpSync(repo.root, root, { recursive: true });
  const copy = { root, suiteDir: repo.suiteDir.replace(repo.root, root), release: repo.release.replace(repo.root, root) };
  for (const f of ['InRelease', 'Release.gpg']) rmSync(join(copy.suiteDir, f), { force: true });
  const text = readFileSync(copy.release, 'utf8');
  const date = new Date(Date.parse(/^Date: (.*)$/m.exec(text)![1]!) + seconds * 1000).toUTCString().replace('GMT', 'UTC');
  writeFileSync(copy.release, text.replace(/^Date: .*$/m, `Date: ${date}`));
  return copy;
}

describe.skipIf(missing !== undefined).each(LABELS)('airsign apt sign, %s key', (label) => {
  let repo: Repository;

  it('signs InRelease and Release.gpg that apt, gpgv and sq accept; apt refuses a tampered InRelease', { timeout: 600_000 }, () => {
    repo = makeRepository(join(hsm.dir, `repo-${label}`), { origin: 'Airsign', label: 'airsign tests', suite: 'stable', codename: 'airsign' });
    const session = join(hsm.dir, `session-${label}`);
    const asked = aptSign(label, repo.suiteDir, session);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stderr).toMatch(/OpenPGP key [0-9A-F]{40}/);
    expect(asked.stderr).toContain(`InRelease: signs openpgp-text+openpgp-binary: Release file SHA-256 (the file itself is signed) ${Buffer.from(sha256(readFileSync(repo.release))).toString('hex')}`);

    const { answer, stdout } = signAsFrames(asked.last);
    // The review shows what the Release file asserts, read from the bytes that are signed.
    for (const line of ['SIGNED Release Origin: Airsign', 'SIGNED Release Label: airsign tests', 'SIGNED Release Suite: stable', 'SIGNED Release Codename: airsign', 'SIGNED Release Architectures: amd64', 'SIGNED Release Components: main']) expect(stdout).toContain(line);
    expect(stdout).toMatch(/SIGNED Release Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} (UTC|\+0000)/);
    expect(stdout).toMatch(/SIGNED Release index files: [1-9]/);
    expect(stdout).toContain('Airsign/stable [apt-release]');

    const received = airsign(['receive', session, '--in', answer]);
    expect(received.code, received.stderr).toBe(0);
    expect(received.stderr).toContain(`installed ${join(repo.suiteDir, 'InRelease')}`);
    expect(received.stderr).toContain(`installed ${join(repo.suiteDir, 'Release.gpg')}`);
    expect(readFileSync(join(session, 'out', 'InRelease'), 'utf8')).toBe(readFileSync(join(repo.suiteDir, 'InRelease'), 'utf8'));
    expect(readFileSync(join(repo.suiteDir, 'InRelease'), 'utf8')).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n[^\n]*\n[\s\S]*^Origin: Airsign$[\s\S]*\n-----BEGIN PGP SIGNATURE-----\n\n/m);

    const key = join(hsm.dir, `${label}.asc`);
    const updated = aptGetUpdate(join(hsm.dir, `apt-${label}`), repo, 'stable', key);
    expect(updated.code, updated.output).toBe(0);
    expect(updated.output).not.toMatch(/^(W|E): /m);
    expect(aptListed(join(hsm.dir, `apt-${label}`))).toContain('Package: hello-airsign');

    // gpgv (apt's own verifier) and sq, on both forms.
    const keyring = join(hsm.dir, `${label}.gpg`);
    execFileSync('gpg', ['--batch', '--yes', '--dearmor', '--output', keyring, key]);
    for (const args of [[join(repo.suiteDir, 'InRelease')], [join(repo.suiteDir, 'Release.gpg'), repo.release]]) {
      const checked = execFileSync('sh', ['-c', `gpgv --keyring "${keyring}" ${args.map((a) => `"${a}"`).join(' ')} 2>&1; echo "exit $?"`], { encoding: 'utf8' });
      expect(checked, checked).toMatch(/Good signature/);
      expect(checked).toMatch(/exit 0\n$/);
    }
    const sq = sqVerify(key, join(repo.suiteDir, 'Release.gpg'), repo.release);
    expect(sq.status, sq.output).toBe(0);
    const home = new GpgHome();
    homes.push(home);
    expect(home.import(key).status).toBe(0);
    expect(home.gpg(['--status-fd', '1', '--verify', join(repo.suiteDir, 'InRelease')]).output).toContain('[GNUPG:] VALIDSIG');

    // Tampered: one character of the signed text changed. apt refuses it and lists nothing.
    const tampered = join(hsm.dir, `tampered-${label}`);
    cpSync(repo.root, tampered, { recursive: true });
    const inRelease = join(tampered, 'dists', 'stable', 'InRelease');
    writeFileSync(inRelease, readFileSync(inRelease, 'utf8').replace('Label: airsign tests', 'Label: airsign testz'));
    const refused = aptGetUpdate(join(hsm.dir, `apt-tampered-${label}`), { ...repo, root: tampered }, 'stable', key);
    expect(refused.output).toMatch(/BADSIG|not signed|signature.*invalid|invalid.*signature/i);
    expect(aptListed(join(hsm.dir, `apt-tampered-${label}`))).not.toContain('Package: hello-airsign');

    // Without InRelease apt takes Release and Release.gpg.
    const detached = join(hsm.dir, `detached-${label}`);
    cpSync(repo.root, detached, { recursive: true });
    rmSync(join(detached, 'dists', 'stable', 'InRelease'));
    const viaGpg = aptGetUpdate(join(hsm.dir, `apt-detached-${label}`), { ...repo, root: detached }, 'stable', key);
    expect(viaGpg.code, viaGpg.output).toBe(0);
    expect(viaGpg.output).not.toMatch(/^(W|E): /m);
    expect(aptListed(join(hsm.dir, `apt-detached-${label}`))).toContain('Package: hello-airsign');
  });

  it('signs a Release file of over 200 KB (crossing in 8 KiB pieces) that gpgv accepts', { timeout: 600_000 }, () => {
    const big = shiftedDate(repo, 30, join(hsm.dir, `big-${label}`));
    const text = readFileSync(big.release, 'utf8');
    const extra = Array.from({ length: 2500 }, (_, i) => ` ${Buffer.from(sha256(new TextEncoder().encode(String(i)))).toString('hex')} ${1000 + i} main/binary-amd64/Packages.part${i}`);
    writeFileSync(big.release, text.replace(/^SHA256:\n/m, `SHA256:\n${extra.join('\n')}\n`));
    expect(readFileSync(big.release).length).toBeGreaterThan(200_000);
    const session = join(hsm.dir, `session-big-${label}`);
    const asked = aptSign(label, big.release, session);
    expect(asked.code, asked.stderr).toBe(0);
    const { answer, stdout } = signAsFrames(asked.last);
    expect(stdout).toMatch(/SIGNED Release index files: 250\d/);
    const received = airsign(['receive', session, '--in', answer]);
    expect(received.code, received.stderr).toBe(0);
    const keyring = join(hsm.dir, `${label}.gpg`);
    for (const args of [[join(big.suiteDir, 'InRelease')], [join(big.suiteDir, 'Release.gpg'), big.release]]) {
      const checked = execFileSync('sh', ['-c', `gpgv --keyring "${keyring}" ${args.map((a) => `"${a}"`).join(' ')} 2>&1; echo "exit $?"`], { encoding: 'utf8' });
      expect(checked, checked).toMatch(/Good signature/);
      expect(checked).toMatch(/exit 0\n$/);
    }
  });

  it('refuses a Release whose Date goes back for its suite', { timeout: 600_000 }, () => {
    const older = shiftedDate(repo, -86400, join(hsm.dir, `older-${label}`));
    const session = join(hsm.dir, `session-older-${label}`);
    const asked = aptSign(label, older.release, session);
    expect(asked.code, asked.stderr).toBe(0);
    const { answer, stdout } = signAsFrames(asked.last);
    expect(stdout).toContain('REFUSE POLICY_VERSION_ROLLBACK');
    const received = airsign(['receive', session, '--in', answer]);
    expect(received.code).not.toBe(0);
    expect(received.stdout).toContain('failed InRelease: REFUSED_POLICY_VERSION_ROLLBACK');
    expect(() => readFileSync(join(older.suiteDir, 'InRelease'))).toThrow();
  });

  it('refuses a Release file with a garbled field, online and at the signer', { timeout: 600_000 }, () => {
    const newer = shiftedDate(repo, 60, join(hsm.dir, `garbled-${label}`));
    const good = readFileSync(newer.release, 'utf8');
    writeFileSync(newer.release, good.replace(/^Suite: stable$/m, 'Suite stable'));
    const online = aptSign(label, newer.release, join(hsm.dir, `session-garbled-${label}`));
    expect(online.code).not.toBe(0);
    expect(online.stderr).toMatch(/NOT_A_RELEASE: .*GARBLED_FIELD: line \d+: not a "Field: value" line/);

    // A request crafted to carry the garbled file anyway: the signer parses it and refuses it.
    writeFileSync(newer.release, good);
    const asked = aptSign(label, newer.release, join(hsm.dir, `session-crafted-${label}`));
    expect(asked.code, asked.stderr).toBe(0);
    const request = transferToMessage(readFileSync(asked.last)) as SigningRequest;
    const garbled = new TextEncoder().encode(good.replace(/^Suite: stable$/m, 'Suite stable'));
    const crafted = { ...request, items: request.items.map((i) => ({ ...i, release: releasePieces(garbled), sha256: sha256(garbled) })) } as SigningRequest;
    const craftedFile = join(hsm.dir, `crafted-${label}.msg`);
    writeFileSync(craftedFile, messageToTransfer(crafted));
    const responseFile = join(hsm.dir, `crafted-${label}-answer.msg`);
    const signed = signer(['sign', '--in', craftedFile, '--out', responseFile, '--policy', join(hsm.dir, 'policy.json'), '--uri', 'pkcs11:token=apt', '--state', state, '--yes', '--pin-file', hsm.pinFile, '--allow-network'], hsm.env);
    expect(signed.code, signed.stderr).toBe(0);
    const response = transferToMessage(readFileSync(responseFile)) as SigningResponse;
    expect(response.results[0]).toMatchObject({ status: 'refused', reason: 'INVALID_ITEM' });
    expect(response.results[0]!.status === 'refused' && response.results[0]!.detail).toMatch(/not a Release file: GARBLED_FIELD: line \d+/);
  });

  it('refuses an item for a key the policy has no rule for', { timeout: 600_000 }, () => {
    const newer = shiftedDate(repo, 120, join(hsm.dir, `unruled-${label}`));
    const session = join(hsm.dir, `session-unruled-${label}`);
    const asked = aptSign(label, newer.release, session);
    expect(asked.code, asked.stderr).toBe(0);
    const { answer, stdout } = signAsFrames(asked.last, join(hsm.dir, `policy-without-${label}.json`));
    expect(stdout).toContain('REFUSE POLICY_KEY_NOT_ALLOWED');
    const received = airsign(['receive', session, '--in', answer]);
    expect(received.code).not.toBe(0);
    expect(received.stdout).toContain('failed InRelease: REFUSED_POLICY_KEY_NOT_ALLOWED');
  });
});
