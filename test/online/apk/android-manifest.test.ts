/** The binary AndroidManifest.xml reader, against aapt (Debian's) as the outside check. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectArtifact } from '../../../online/apk/index.ts';
import { readAndroidManifest } from '../../../online/apk/manifest/android-manifest.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { androidManifestXml, writeBinaryXml } from '../../support/binary-xml-writer.ts';
import { scratchDir, tool } from '../../support/tools.ts';
import { buildTestApk, buildZip } from '../../support/zip-builder.ts';

const dir = scratchDir('manifest');

/** package, versionCode, versionName, sdkVersion and targetSdkVersion as `aapt dump badging` prints them. */
function badging(path: string) {
  const out = tool('aapt', ['dump', 'badging', path]).stdout;
  const pkg = /^package: name='([^']*)' versionCode='([^']*)' versionName='([^']*)'/m.exec(out);
  return {
    name: pkg?.[1], versionCode: Number(pkg?.[2]), versionName: pkg?.[3],
    minSdkVersion: Number(/^sdkVersion:'(\d+)'/m.exec(out)?.[1]), targetSdkVersion: Number(/^targetSdkVersion:'(\d+)'/m.exec(out)?.[1]),
  };
}

describe('AndroidManifest.xml', () => {
  it('inspect matches aapt dump badging on the real APK', () => {
    const r = inspectArtifact(REAL_APK);
    expect(badging(REAL_APK)).toEqual({ name: r.info.name, versionCode: r.info.versionCode, versionName: r.info.versionName, minSdkVersion: r.info.minSdkVersion, targetSdkVersion: r.info.targetSdkVersion });
    expect(r.info).toMatchObject({ name: 'io.appium.settings', versionCode: 192, versionName: '8.0.10', minSdkVersion: 26, targetSdkVersion: 35 });
  });

  it.each([
    { packageName: 'org.example.one', versionCode: 1, versionName: '1.0', minSdk: 21, targetSdk: 34 },
    { packageName: 'com.example.Ünïcode_name2', versionCode: 2147483647, versionName: 'beta «2»', minSdk: 28, targetSdk: 35 },
  ])('reads what aapt reads from a generated APK ($packageName)', (m) => {
    const path = join(dir, `${m.versionCode}.apk`);
    writeFileSync(path, buildTestApk(m));
    const r = inspectArtifact(path);
    expect(badging(path)).toEqual({ name: r.info.name, versionCode: r.info.versionCode, versionName: r.info.versionName, minSdkVersion: r.info.minSdkVersion, targetSdkVersion: r.info.targetSdkVersion });
    expect(r.info).toMatchObject({ name: m.packageName, versionCode: m.versionCode, versionName: m.versionName, minSdkVersion: m.minSdk, targetSdkVersion: m.targetSdk });
  });

  it('defaults minSdkVersion to 1 and targetSdkVersion to minSdkVersion', () => {
    const xml = writeBinaryXml({ name: 'manifest', attributes: [{ name: 'package', value: 'org.example.bare' }] });
    expect(readAndroidManifest(xml)).toEqual({ packageName: 'org.example.bare', versionCode: 0, versionName: '', minSdkVersion: 1, targetSdkVersion: 1 });
  });

  it('treats a codename minSdkVersion as a platform in development', () => {
    const xml = writeBinaryXml({
      name: 'manifest', attributes: [{ name: 'package', value: 'org.example.preview' }],
      children: [{ name: 'uses-sdk', attributes: [{ android: true, name: 'minSdkVersion', resourceId: 0x0101020c, value: 'VanillaIceCream' }] }],
    });
    expect(readAndroidManifest(xml).minSdkVersion).toBe(10000);
  });

  /** An APK around a manifest of these <manifest> attributes (and <uses-sdk> ones), with what aapt and we read from it. */
  function readBoth(name: string, attributes: NonNullable<Parameters<typeof writeBinaryXml>[0]['attributes']>, usesSdk: typeof attributes = []) {
    const xml = writeBinaryXml({ name: 'manifest', attributes: [...attributes, { name: 'package', value: 'org.example.attrs' }], children: [{ name: 'uses-sdk', attributes: usesSdk }] });
    const path = join(dir, `${name}.apk`);
    writeFileSync(path, buildZip([{ name: 'AndroidManifest.xml', data: xml, method: 8 }]));
    const out = tool('aapt', ['dump', 'badging', path]).stdout;
    return { aapt: /^package: name='[^']*' versionCode='([^']*)' versionName='([^']*)'/m.exec(out)!, aaptOut: out, ours: readAndroidManifest(xml) };
  }

  it('reads an attribute given by name without its resource id as absent, as aapt does', () => {
    const r = readBoth('by-name', [
      { android: true, name: 'versionCode', value: 999 },
      { android: true, name: 'versionName', value: '9.9.9' },
    ], [{ android: true, name: 'minSdkVersion', value: 30 }, { android: true, name: 'targetSdkVersion', value: 33 }]);
    expect([r.aapt[1], r.aapt[2]]).toEqual(['', '']);
    expect(r.aaptOut).not.toMatch(/sdkVersion:/i);
    expect(r.ours).toMatchObject({ versionCode: 0, versionName: '', minSdkVersion: 1, targetSdkVersion: 1 });
  });

  it('reads attributes by resource id whatever name they carry, as aapt does', () => {
    const r = readBoth('by-id', [
      { android: true, name: 'vc', resourceId: 0x0101021b, value: 42 },
      { android: true, name: 'vn', resourceId: 0x0101021c, value: 'four-two' },
    ], [{ android: true, name: 'a', resourceId: 0x0101020c, value: 24 }, { android: true, name: 'b', resourceId: 0x01010270, value: 34 }]);
    expect([r.aapt[1], r.aapt[2]]).toEqual(['42', 'four-two']);
    expect(r.aaptOut).toMatch(/^sdkVersion:'24'$/m);
    expect(r.aaptOut).toMatch(/^targetSdkVersion:'34'$/m);
    expect(r.ours).toMatchObject({ versionCode: 42, versionName: 'four-two', minSdkVersion: 24, targetSdkVersion: 34 });
  });

  it('takes versionCodeMajor by its resource id only: the long version code is (major << 32) | versionCode', () => {
    const code = { android: true, name: 'versionCode', resourceId: 0x0101021b, value: 5 };
    // aapt prints the low 32 bits either way; the platform's long version code takes the major by id.
    const byName = readBoth('major-by-name', [code, { android: true, name: 'versionCodeMajor', value: 1 }]);
    expect(byName.aapt[1]).toBe('5');
    expect(byName.ours.versionCode).toBe(5);
    const byId = readBoth('major-by-id', [code, { android: true, name: 'versionCodeMajor', resourceId: 0x01010576, value: 1 }]);
    expect(byId.aapt[1]).toBe('5');
    expect(byId.ours.versionCode).toBe(2 ** 32 + 5);
    const low = readBoth('major-negative-low', [{ ...code, value: -1 }, { android: true, name: 'versionCodeMajor', resourceId: 0x01010576, value: 2 }]);
    expect(low.ours.versionCode).toBe(2 * 2 ** 32 + 0xffffffff);
  });

  it('refuses a version code beyond what it takes (2^53 - 1 among them), typed', () => {
    const major = (value: number) => ({ android: true, name: 'versionCodeMajor', resourceId: 0x01010576, value });
    const code = (value: number | string) => ({ android: true, name: 'versionCode', resourceId: 0x0101021b, value });
    const manifest = (attributes: NonNullable<Parameters<typeof writeBinaryXml>[0]['attributes']>) =>
      writeBinaryXml({ name: 'manifest', attributes: [...attributes, { name: 'package', value: 'org.example.big' }] });
    // The largest taken: major 2^20 - 1 with the low 32 bits all ones, 2^52 - 1.
    expect(readAndroidManifest(manifest([code(-1), major(2 ** 20 - 1)])).versionCode).toBe(2 ** 52 - 1);
    for (const attributes of [
      [code(-1), major(2 ** 21 - 1)], // (2^21 - 1) << 32 | 0xffffffff = 2^53 - 1
      [code(1), major(2 ** 20)],
      [code(1), major(-1)],
      [code(-1)],
      [code(String(2 ** 53 - 1))],
      [code('4294967296')],
    ]) {
      expect(() => readAndroidManifest(manifest(attributes))).toThrow(expect.objectContaining({ code: 'BAD_ANDROID_MANIFEST' }));
    }
  });

  it('refuses broken documents with BAD_ANDROID_MANIFEST', () => {
    const good = androidManifestXml({ packageName: 'org.example.x', versionCode: 1, versionName: '1' });
    const cases = [
      Buffer.from('<manifest/>'),
      good.subarray(0, good.length - 30),
      (() => { const b = Buffer.from(good); b.writeUInt32LE(0x7fffffff, 8 + 8); return b; })(),
      writeBinaryXml({ name: 'application' }),
      writeBinaryXml({ name: 'manifest', attributes: [{ android: true, name: 'versionCode', resourceId: 0x0101021b, value: 3 }] }),
    ];
    for (const xml of cases) expect(() => readAndroidManifest(xml)).toThrow(expect.objectContaining({ code: 'BAD_ANDROID_MANIFEST' }));
  });
});
