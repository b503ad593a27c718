/** The demo's F-Droid index: an entry.jar that the APK engine and the JDK's jar tool read as it is. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectArtifact } from '../../../online/apk/index.ts';
import { writeRepoIndex } from '../../../online/demo/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-demo-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo repository index', () => {
  it('writes entry.jar pointing at index-v2.json, a ZIP that the jar tool and the engine read', () => {
    const app = { packageName: 'org.example.app', versionCode: 3, versionName: '1.0', apkName: 'app.apk', apkSha256: 'ab'.repeat(32), apkSize: 1000 };
    const jar = writeRepoIndex(dir, app, 1_764_000_000_000);
    const report = inspectArtifact(jar);
    expect(report.info).toMatchObject({ artifact: 'jar', name: 'entry.jar', versionCode: 1_764_000_000_000 });
    expect(report.schemes).toEqual([]);
    const unpacked = join(dir, 'unpacked');
    execFileSync('mkdir', [unpacked]);
    execFileSync('jar', ['xf', jar], { cwd: unpacked });
    const entry = JSON.parse(readFileSync(join(unpacked, 'entry.json'), 'utf8')) as { index: { name: string; sha256: string; size: number } };
    const index = readFileSync(join(dir, 'index-v2.json'));
    expect(entry.index).toMatchObject({ name: '/index-v2.json', size: index.length, sha256: createHash('sha256').update(index).digest('hex') });
  });
});
