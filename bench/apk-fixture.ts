/**
 * A large APK for the signing benchmark: about 18 MB and 4,000 entries, shaped like a real app
 * (dex files, a resources table, layouts, many small images, native libraries, assets), stored
 * entries aligned as zipalign -p 4 leaves them. Deterministic: the same bytes every run.
 */
import { androidManifestXml } from '../test/support/binary-xml-writer.ts';
import { buildZip, noise, text } from '../test/support/zip-builder.ts';
import type { ZipInput } from '../test/support/zip-builder.ts';

/** Half text, half noise: deflates to about 60%, like dex code. */
function dexLike(seed: string, length: number): Buffer {
  return Buffer.concat([text(seed, Math.floor(length / 2)), noise(seed, length - Math.floor(length / 2))]);
}

export function buildLargeApk(minSdk: number): Buffer {
  const entries: ZipInput[] = [
    { name: 'AndroidManifest.xml', data: androidManifestXml({ packageName: 'org.airsign.bench', versionCode: 4000, versionName: '4.0.0', minSdk, targetSdk: 34 }), method: 8 },
    { name: 'classes.dex', data: dexLike('classes', 7_000_000), method: 8 },
    { name: 'classes2.dex', data: dexLike('classes2', 2_400_000), method: 8 },
    { name: 'resources.arsc', data: noise('arsc', 2_200_000), method: 0 },
  ];
  for (let i = 0; i < 2200; i++) entries.push({ name: `res/layout/layout_${i}.xml`, data: text(`layout${i}`, 1500 + (i % 7) * 300), method: 8 });
  for (let i = 0; i < 1650; i++) entries.push({ name: `res/drawable-xxhdpi/image_${i}.png`, data: noise(`png${i}`, 2000 + (i % 11) * 450), method: 0 });
  for (const abi of ['arm64-v8a', 'armeabi-v7a', 'x86_64']) {
    entries.push({ name: `lib/${abi}/libnative.so`, data: noise(`so-${abi}`, 900_000), method: 0 });
    entries.push({ name: `lib/${abi}/libhelper.so`, data: noise(`helper-${abi}`, 180_000), method: 0 });
  }
  for (let i = 0; i < 140; i++) entries.push({ name: `assets/data/file_${i}.json`, data: text(`asset${i}`, 6000), method: 8 });
  entries.push({ name: 'META-INF/services/org.airsign.Plugin', data: text('svc', 60), method: 8 });
  return buildZip(entries, { align: true });
}
