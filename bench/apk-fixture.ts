/**
 * APKs for the signing benchmark, shaped like real apps (dex files, a resources table, layouts,
 * many small images, native libraries, assets), stored entries aligned as zipalign -p 4 leaves
 * them, without directory entries (apksigner drops those, which would make the outputs differ).
 * Deterministic: the same bytes every run.
 *   small: about 1 MB and 230 entries, a simple app;
 *   large: about 18 MB and 4,000 entries (the size the engine's target is set for);
 *   huge:  the large app plus 32 MB of stored media assets, about 50 MB.
 */
import { androidManifestXml } from '../test/support/binary-xml-writer.ts';
import { buildZip, noise, text } from '../test/support/zip-builder.ts';
import type { ZipInput } from '../test/support/zip-builder.ts';

export type BenchApkSize = 'small' | 'large' | 'huge';

/** Half text, half noise: deflates to about 60%, like dex code. */
function dexLike(seed: string, length: number): Buffer {
  return Buffer.concat([text(seed, Math.floor(length / 2)), noise(seed, length - Math.floor(length / 2))]);
}

function appEntries(minSdk: number, scale: { dex: number; arsc: number; layouts: number; images: number; abis: readonly string[]; lib: number; assets: number }): ZipInput[] {
  const entries: ZipInput[] = [
    { name: 'AndroidManifest.xml', data: androidManifestXml({ packageName: 'org.airsign.bench', versionCode: 4000, versionName: '4.0.0', minSdk, targetSdk: 34 }), method: 8 },
    { name: 'classes.dex', data: dexLike('classes', scale.dex), method: 8 },
    { name: 'resources.arsc', data: noise('arsc', scale.arsc), method: 0 },
  ];
  if (scale.dex > 4_000_000) entries.push({ name: 'classes2.dex', data: dexLike('classes2', Math.floor(scale.dex / 3)), method: 8 });
  for (let i = 0; i < scale.layouts; i++) entries.push({ name: `res/layout/layout_${i}.xml`, data: text(`layout${i}`, 1500 + (i % 7) * 300), method: 8 });
  for (let i = 0; i < scale.images; i++) entries.push({ name: `res/drawable-xxhdpi/image_${i}.png`, data: noise(`png${i}`, 2000 + (i % 11) * 450), method: 0 });
  for (const abi of scale.abis) {
    entries.push({ name: `lib/${abi}/libnative.so`, data: noise(`so-${abi}`, scale.lib), method: 0 });
    entries.push({ name: `lib/${abi}/libhelper.so`, data: noise(`helper-${abi}`, Math.floor(scale.lib / 5)), method: 0 });
  }
  for (let i = 0; i < scale.assets; i++) entries.push({ name: `assets/data/file_${i}.json`, data: text(`asset${i}`, 6000), method: 8 });
  entries.push({ name: 'META-INF/services/org.airsign.Plugin', data: text('svc', 60), method: 8 });
  return entries;
}

export function buildBenchApk(minSdk: number, size: BenchApkSize): Buffer {
  if (size === 'small') {
    return buildZip(appEntries(minSdk, { dex: 500_000, arsc: 150_000, layouts: 120, images: 80, abis: ['arm64-v8a'], lib: 150_000, assets: 20 }), { align: true });
  }
  const entries = appEntries(minSdk, { dex: 7_000_000, arsc: 2_200_000, layouts: 2200, images: 1650, abis: ['arm64-v8a', 'armeabi-v7a', 'x86_64'], lib: 900_000, assets: 140 });
  if (size === 'huge') {
    for (let i = 0; i < 8; i++) entries.push({ name: `assets/media/clip_${i}.bin`, data: noise(`media${i}`, 4 << 20), method: 0 });
  }
  return buildZip(entries, { align: true });
}
