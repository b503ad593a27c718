/**
 * The unsigned index JAR byte for byte as fdroidserver's signindex writes it before signing
 * (Python's zipfile: `ZipFile(jar, 'w', ZIP_DEFLATED).write(json, name)`), for a small entry.json and
 * for an index-v1.json past deflate's 64 KiB window.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexJarBytes } from '../../../online/fdroid/index.ts';
import { scratchDir } from '../../support/tools.ts';

const python = spawnSync('/usr/bin/python3', ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0;
if (!python) console.warn('skipped: /usr/bin/python3 (zipfile) is the oracle for the index JAR layout');

describe.skipIf(!python)('index JARs laid out as signindex lays them out', () => {
  it.each([
    ['entry.json', JSON.stringify({ timestamp: 1_764_000_000_000, version: 20002, index: { name: '/index-v2.json', sha256: 'ab'.repeat(32), size: 1234, numPackages: 2 }, diffs: {} })],
    ['index-v1.json', JSON.stringify({ repo: { timestamp: 1_764_000_000_000, version: 21, name: 'Repo' }, apps: Array.from({ length: 400 }, (_, i) => ({ packageName: `org.example.app${i}`, summary: `App number ${i} of the test`, license: 'Apache-2.0' })), packages: {} })],
  ])('%s', (name, text) => {
    const dir = scratchDir('fdroid-jar-layout');
    const json = join(dir, name);
    writeFileSync(json, text);
    const jar = join(dir, 'python.jar');
    const made = spawnSync('/usr/bin/python3', ['-c', 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as jar: jar.write(sys.argv[2], sys.argv[3])', jar, json, name]);
    expect(made.status, made.stderr.toString()).toBe(0);
    expect(indexJarBytes(json, name, readFileSync(json)).equals(readFileSync(jar))).toBe(true);
  });
});
