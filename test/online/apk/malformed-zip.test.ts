/**
 * Hostile and broken archives are refused with a typed code before anything is signed.
 * Each case starts from a well-formed archive and breaks one thing.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareArtifact } from '../../../online/apk/index.ts';
import { openArchive } from '../../../online/apk/zip/zip-archive.ts';
import { testKey } from '../../support/software-keys.ts';
import { scratchDir } from '../../support/tools.ts';
import { base, MALFORMED_ZIPS } from '../../support/malformed-zips.ts';
import { buildIndexJar, buildTestApk, buildZip } from '../../support/zip-builder.ts';

const dir = scratchDir('malformed');
let counter = 0;

function save(bytes: Buffer, name = `case-${counter++}.zip`): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

async function prepareCode(path: string, options: Parameters<typeof prepareArtifact>[1] = { certificateDer: testKey('ec256').certificateDer }): Promise<string | undefined> {
  try {
    await prepareArtifact(path, options);
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('malformed archives', () => {
  it.each(MALFORMED_ZIPS)('refuses %s', (_name, make, code) => {
    const path = save(make());
    expect(codeOf(() => openArchive(path).file.close())).toBe(code);
  });

  it('accepts the unbroken archive', () => {
    const archive = openArchive(save(base()));
    expect(archive.entries.map((e) => e.name)).toEqual(['a.txt', 'b.bin', 'c.txt']);
    archive.file.close();
  });

  it('refuses an entry whose data does not match its CRC-32 when signing', async () => {
    const jar = buildIndexJar('entry', 1_700_000_000_000);
    // Flip a byte inside the deflated JSON: it then inflates to other bytes, or not at all.
    jar[60] = jar[60]! ^ 0x55;
    expect(await prepareCode(save(jar, 'entry.jar'))).toBe('CORRUPT_ENTRY');
  });

  it('reads a ZIP64 archive but refuses to sign it', async () => {
    const src = save(buildTestApk(), 'zip64-src.apk');
    const zip64 = join(dir, 'zip64.apk');
    execFileSync('sh', ['-c', `cd ${dir} && mkdir -p z64 && cd z64 && unzip -q ../zip64-src.apk && zip -q -fz -r ${zip64} .`]);
    const archive = openArchive(zip64);
    expect(archive.zip64).toBe(true);
    expect(archive.entry('AndroidManifest.xml')).toBeDefined();
    archive.file.close();
    expect(await prepareCode(zip64)).toBe('ZIP64_UNSUPPORTED');
    expect(src).toBeTruthy();
  });

  it('refuses an APK without AndroidManifest.xml', async () => {
    expect(await prepareCode(save(base()), { certificateDer: testKey('ec256').certificateDer, artifact: 'apk' })).toBe('NO_ANDROID_MANIFEST');
  });

  it('refuses a JAR that is not an F-Droid index', async () => {
    expect(await prepareCode(save(base(), 'tools.jar'))).toBe('NOT_AN_INDEX_JAR');
  });

  it('refuses an index whose JSON has no timestamp', async () => {
    const jar = buildZip([{ name: 'entry.json', data: Buffer.from('{"version": 1}'), method: 8 }]);
    expect(await prepareCode(save(jar, 'entry.jar'))).toBe('BAD_INDEX');
  });

  it('refuses an EC key for an APK below API level 18 (v1 there is RSA with SHA-1 only, as apksigner says)', async () => {
    expect(await prepareCode(save(buildTestApk({ minSdk: 16 }), 'old.apk'))).toBe('MIN_SDK_TOO_LOW');
    expect(await prepareCode(save(buildTestApk({ minSdk: 16 }), 'old-rsa.apk'), { certificateDer: testKey('rsa3072').certificateDer })).toBeUndefined();
  });

  it('refuses a package name that does not fit a request', async () => {
    expect(await prepareCode(save(buildTestApk({ packageName: 'nodots' }), 'bad-name.apk'))).toBe('INVALID_ITEM');
  });
});
