/**
 * Requests stay under the message limit when items carry manifest proofs: four APKs whose manifest
 * starts their first chunk (about 1 MiB of proof each) go in two requests, not one of 4 MiB; the
 * same four without proofs go in one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../protocol/limits.ts';
import { testKey } from '../../support/software-keys.ts';
import { makeApk } from '../helpers/apks.ts';

const root = resolve(import.meta.dirname, '../../..');
const airsign = (args: string[]) => spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('batching items with manifest proofs', () => {
  it('splits them into requests under the message limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airsign-proof-batch-'));
    const files: string[] = [];
    for (let i = 0; i < 4; i++) {
      const path = join(dir, `app${i}.apk`);
      await makeApk(path, { packageName: `org.example.app${i}`, versionCode: 1, minSdk: 26, padBytes: 1_100_000 });
      files.push(path);
    }
    const cert = testKey('ec256').certPath;
    const proven = airsign(['request', ...files, '--cert', cert, '--session', join(dir, 'proven'), '--manifest-proof', 'always']);
    expect(proven.status, proven.stderr).toBe(0);
    const requests = proven.stdout.trim().split('\n').filter((l) => l.endsWith('.msg'));
    expect(requests.length).toBe(2);
    for (const r of requests) expect(readFileSync(r).length).toBeLessThan(LIMITS.maxMessageBytes);
    const plain = airsign(['request', ...files, '--cert', cert, '--session', join(dir, 'plain')]);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout.trim().split('\n').filter((l) => l.endsWith('.msg')).length).toBe(1);
    expect(airsign(['request', files[0]!, '--cert', cert, '--session', join(dir, 'bad'), '--manifest-proof', 'sometimes']).stderr).toContain('--manifest-proof takes always, auto or never');
  }, 300_000);
});
