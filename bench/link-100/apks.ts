/**
 * The batch: small distinct APKs (each its own package name, version and dex bytes), minSdk 26,
 * so apksigner's choice, and ours, is v2 + v3 in one round.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTestApk, noise } from '../../test/support/zip-builder.ts';

export function writeBatch(dir: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `app${String(i + 1).padStart(3, '0')}.apk`);
    const extra = [{ name: 'assets/build.bin', data: noise(`app${i}`, 2000 + i * 37), method: 0 as const }];
    writeFileSync(path, buildTestApk({ packageName: `org.airsign.bench.app${i + 1}`, versionCode: 100 + i, versionName: `1.${i}`, minSdk: 26, extra }));
    return path;
  });
}
