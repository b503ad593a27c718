/** The binary AndroidManifest.xml reader, against aapt (Debian's) as the outside check. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectArtifact } from '../../../online/apk/index.ts';
import { readAndroidManifest } from '../../../online/apk/manifest/android-manifest.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { androidManifestXml, writeBinaryXml } from '../../support/binary-xml-writer.ts';
import { scratchDir, tool } from '../../support/tools.ts';
import { buildTestApk } from '../../support/zip-builder.ts';

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
