/**
 * What `airsign fdroid` refuses, each with its typed reason, before anything is signed: an
 * entry.json whose index-v2 hash is zeroed or wrong (fdroidserver's signindex refuses it as "bad
 * SHA-256"), an index-v2 file that is missing or outside repo/, an index older than the one already
 * signed, an app whose key is not pinned (naming the alias to create), a keyaliases loop. The key
 * alias rule itself is checked against fdroidserver's own publish.key_alias.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAlias, indexJarBytes, keyAlias, readKeyAliases } from '../../../online/fdroid/index.ts';
import { testKey } from '../../support/software-keys.ts';
import { scratchDir } from '../../support/tools.ts';
import { makeApk } from '../helpers/apks.ts';
import { airsign, fdroidPython, hasFdroidserver, metadataYml } from './support.ts';

if (!hasFdroidserver) console.warn('skipped: the key alias cross-check needs fdroidserver (apt-get install fdroidserver)');

/** What `fdroid init` leaves in config.yml for a keystore on disk (values made up). */
const FDROID_INIT_CONFIG = '---\n# Custom path to the Android SDK\nsdk_path: /usr/lib/android-sdk\n\nrepo_keyalias: localhost\nkeystore: keystore.p12\nkeystorepass: c2VjcmV0\nkeypass: c2VjcmV0\nkeydname: CN=localhost, OU=F-Droid\n';

function repoWithIndex(label: string, edit: (entry: { timestamp: number; index: Record<string, unknown> }) => void = () => {}, config = FDROID_INIT_CONFIG): string {
  const root = join(scratchDir(`fdroid-${label}`), 'repo-root');
  mkdirSync(join(root, 'repo'), { recursive: true });
  writeFileSync(join(root, 'config.yml'), config);
  expect(airsign(['fdroid', 'init', root, '--cert', testKey('rsa3072').certPath]).code).toBe(0);
  const index = Buffer.from(JSON.stringify({ repo: { name: { 'en-US': 'Test' }, timestamp: 1_764_000_000_000 }, packages: {} }));
  writeFileSync(join(root, 'repo', 'index-v2.json'), index);
  const entry = { timestamp: 1_764_000_000_000, version: 20002, index: { name: '/index-v2.json', sha256: createHash('sha256').update(index).digest('hex'), size: index.length, numPackages: 0 } as Record<string, unknown> };
  edit(entry);
  writeFileSync(join(root, 'repo', 'entry.json'), JSON.stringify(entry));
  return root;
}

function refusal(args: string[]): string {
  const r = airsign(args);
  expect(r.code, r.stdout).not.toBe(0);
  return r.stderr;
}

describe('airsign fdroid refuses', () => {
  it('an index-v2 hash that is zeroed or wrong, as signindex does', () => {
    const zeroed = repoWithIndex('zeroed', (e) => (e.index.sha256 = '0'.repeat(64)));
    expect(refusal(['fdroid', 'index', zeroed, '--session', join(zeroed, '..', 's')])).toMatch(/BAD_INDEX_HASH: repo\/index-v2\.json has bad SHA-256: it is [0-9a-f]{64}, entry\.json says 0{64} \(all zeros\)/);
    const wrong = repoWithIndex('wrong', (e) => (e.index.sha256 = 'ab'.repeat(32)));
    expect(refusal(['fdroid', 'index', wrong, '--session', join(wrong, '..', 's')])).toContain(`BAD_INDEX_HASH: repo/index-v2.json has bad SHA-256`);
    const size = repoWithIndex('size', (e) => (e.index.size = 3));
    expect(refusal(['fdroid', 'index', size, '--session', join(size, '..', 's')])).toContain('BAD_INDEX_SIZE');
  });

  it('an index-v2 file that is missing or not inside repo/', () => {
    const missing = repoWithIndex('missing');
    rmSync(join(missing, 'repo', 'index-v2.json'));
    expect(refusal(['fdroid', 'index', missing, '--session', join(missing, '..', 's')])).toContain('INDEX_FILE_MISSING: repo/entry.json points at /index-v2.json, which does not exist in repo/');
    const outside = repoWithIndex('outside', (e) => (e.index.name = '/../config.yml'));
    expect(refusal(['fdroid', 'index', outside, '--session', join(outside, '..', 's')])).toContain('BAD_INDEX_JSON: repo/entry.json names its index "/../config.yml": not a file inside repo/');
  });

  it('an index whose timestamp does not rise over the signed one in repo/', () => {
    const root = repoWithIndex('older', (e) => (e.timestamp = 1_700_000_000_000));
    // The JAR now in repo/ holds a newer entry.json (signed or not, its timestamp counts).
    const newer = join(root, 'newer-entry.json');
    writeFileSync(newer, JSON.stringify({ timestamp: 1_764_000_000_000, index: {} }));
    writeFileSync(join(root, 'repo', 'entry.jar'), indexJarBytes(newer, 'entry.json', readFileSync(newer)));
    expect(refusal(['fdroid', 'index', root, '--session', join(root, '..', 's')])).toContain('TIMESTAMP_NOT_RISING: repo/entry.json has timestamp 1700000000000, not above the 1764000000000 of the signed repo/entry.jar');
  });

  it('an app whose key is not pinned, naming the alias to create', async () => {
    const root = repoWithIndex('no-key');
    mkdirSync(join(root, 'unsigned'));
    mkdirSync(join(root, 'metadata'));
    await makeApk(join(root, 'unsigned', 'org.example.nokey_1.apk'), { packageName: 'org.example.nokey', versionCode: 1, minSdk: 26 });
    writeFileSync(join(root, 'metadata', 'org.example.nokey.yml'), metadataYml('nokey'));
    const said = refusal(['fdroid', 'publish', root, '--session', join(root, '..', 's')]);
    expect(said).toContain(`NO_APP_KEY: no pinned key for org.example.nokey needs the key "${defaultAlias('org.example.nokey')}"`);
    expect(said).toContain('--app-cert ALIAS=FILE');
  });

  it('an APK that is not the app its file name says (it would get that app\'s key)', async () => {
    const root = repoWithIndex('mismatch');
    mkdirSync(join(root, 'unsigned'));
    mkdirSync(join(root, 'metadata'));
    await makeApk(join(root, 'unsigned', 'org.example.victim_1.apk'), { packageName: 'org.example.other', versionCode: 1, minSdk: 26 });
    writeFileSync(join(root, 'metadata', 'org.example.victim.yml'), metadataYml('victim'));
    expect(refusal(['fdroid', 'publish', root, '--session', join(root, '..', 's')])).toContain('PACKAGE_MISMATCH: unsigned/org.example.victim_1.apk holds org.example.other version 1, not what its name says (org.example.victim 1)');
  });

  it('a keyaliases loop in config.yml', async () => {
    const root = repoWithIndex('loop', () => {}, `${FDROID_INIT_CONFIG}keyaliases:\n  org.example.a: "@org.example.b"\n  org.example.b: '@org.example.a'\n`);
    mkdirSync(join(root, 'unsigned'));
    mkdirSync(join(root, 'metadata'));
    await makeApk(join(root, 'unsigned', 'org.example.a_1.apk'), { packageName: 'org.example.a', versionCode: 1, minSdk: 26 });
    writeFileSync(join(root, 'metadata', 'org.example.a.yml'), metadataYml('a'));
    expect(refusal(['fdroid', 'publish', root, '--session', join(root, '..', 's')])).toContain('KEYALIAS_CHAIN: keyaliases in config.yml loop: org.example.a -> org.example.b -> org.example.a');
  });
});

describe('airsign fdroid init', () => {
  it('refuses a second, different repository certificate unless --replace', () => {
    const root = repoWithIndex('replace');
    expect(refusal(['fdroid', 'init', root, '--cert', testKey('ec256').certPath])).toContain('CERT_MISMATCH');
    const replaced = airsign(['fdroid', 'init', root, '--cert', testKey('ec256').certPath, '--replace']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain('config.yml: replaced repo_pubkey with the certificate SHA-256');
  });

  it('reads keyaliases in block and flow style, quoted or not, comments aside', () => {
    expect([...readKeyAliases('keyaliases:\n  # the plugin shares the host key\n  org.a: "@org.b"\n  \'org.c\': mykey  # comment\nother: 1\n')]).toEqual([['org.a', '@org.b'], ['org.c', 'mykey']]);
    expect([...readKeyAliases('keyaliases: {org.a: "@org.b", org.c: mykey}\n')]).toEqual([['org.a', '@org.b'], ['org.c', 'mykey']]);
    expect([...readKeyAliases('# keyaliases:\n#   com.example.app: example\n')]).toEqual([]);
  });
});

describe.skipIf(!hasFdroidserver)('the key alias rule', () => {
  it('gives what fdroidserver\'s publish.key_alias gives', () => {
    const config = 'keyaliases:\n  org.example.named: release-key\n  org.example.plugin: "@org.example.host"\n';
    const aliases = readKeyAliases(config);
    const ids = ['org.example.named', 'org.example.plugin', 'org.example.host', 'org.fdroid.fdroid', 'ünïcode.app'];
    const theirs = fdroidPython<string[]>(
      'from fdroidserver import publish\npublish.config = {"keyaliases": {"org.example.named": "release-key", "org.example.plugin": "@org.example.host"}}\nprint(json.dumps([publish.key_alias(a) for a in sys.argv[1:]]))',
      ids,
    );
    expect(ids.map((id) => keyAlias(id, aliases))).toEqual(theirs);
  });
});
