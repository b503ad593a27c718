/**
 * Zip bombs are refused from the central directory, before anything is inflated: an 8 MB APK
 * whose entries declare 2 and 4 GiB of zeros (it once held the pipeline for a minute), an entry
 * that compresses too well, and many small entries that add up.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectArtifact, prepareArtifact } from '../../../online/apk/index.ts';
import { INFLATE_LIMITS } from '../../../online/apk/zip/inflate-limits.ts';
import { openArchive } from '../../../online/apk/zip/zip-archive.ts';
import { testKey } from '../../support/software-keys.ts';
import { scratchDir } from '../../support/tools.ts';
import { whitespaceIndexJar, zerosApk, zerosEntry } from '../../support/zip-bombs.ts';
import { buildTestApk, noise } from '../../support/zip-builder.ts';

const dir = scratchDir('bombs');

function save(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function openCode(path: string): string | undefined {
  try {
    openArchive(path).file.close();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('inflate limits', () => {
  it('refuses the APK whose entries declare 2 and 4 GiB of zeros, for inspection and for signing', async () => {
    const path = save('zeros.apk', zerosApk());
    expect(openCode(path)).toBe('INFLATED_TOO_LARGE');
    expect(() => inspectArtifact(path)).toThrow(expect.objectContaining({ code: 'INFLATED_TOO_LARGE' }));
    await expect(prepareArtifact(path, { certificateDer: testKey('ec256').certificateDer })).rejects.toMatchObject({ code: 'INFLATED_TOO_LARGE' });
  });

  it('refuses an entry within the size limit that compresses more than 100 to 1', () => {
    const path = save('ratio.apk', buildTestApk({ extra: [zerosEntry('assets/zeros.bin', 512)] }));
    expect(openCode(path)).toBe('COMPRESSION_RATIO');
  });

  it('refuses an index JAR whose JSON is 250 MiB of whitespace in 255 KB', () => {
    const path = save('entry.jar', whitespaceIndexJar(250));
    expect(openCode(path)).toBe('COMPRESSION_RATIO');
  });

  it('refuses small entries, each within the grace size, that add up past the archive limit', () => {
    const count = INFLATE_LIMITS.maxArchiveBytes / INFLATE_LIMITS.ratioGraceBytes + 1;
    const piece = zerosEntry('x', 1);
    const extra = Array.from({ length: count }, (_, i) => ({ ...piece, name: `assets/z/${i}.bin` }));
    expect(openCode(save('many.apk', buildTestApk({ extra })))).toBe('INFLATED_TOO_LARGE');
  });

  it('accepts what real content looks like: a small run of zeros, a JSON-like listing, noise', () => {
    // Records that repeat their shape but not their values, as an index or a resource dump does (about 6 to 1).
    const listing = Buffer.from(Array.from(noise('ids', 60_000), (b, i) => `{"id": ${i}, "name": "item-${b}", "size": ${b * 37}},\n`).join(''));
    const path = save('fine.apk', buildTestApk({
      extra: [zerosEntry('assets/small-zeros.bin', 1), { name: 'assets/listing.json', data: listing, method: 8 }, { name: 'assets/noise.bin', data: noise('n', 2 * 1024 * 1024), method: 8 }],
    }));
    expect(openCode(path)).toBeUndefined();
  });
});
