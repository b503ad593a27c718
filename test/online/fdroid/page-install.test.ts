/**
 * The operator page (`airsign show`) takes an answer in as `airsign receive` does, and so installs an
 * `airsign fdroid` session's signed index JARs into repo/ the same way: the answer here is made by
 * a software key in the test process, the page's backend is the real one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realParts } from '../../../online/cli/parts.ts';
import { findOutsideTools } from '../../../online/operator/outside-tools.ts';
import { WorkspaceBackend } from '../../../online/operator/workspace-backend.ts';
import { jarsignerVerify, scratchDir } from '../../support/tools.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import { signRequest } from '../helpers/software-signer.ts';
import { airsign } from './support.ts';

async function signedIndexSession(label: string) {
  const dir = scratchDir(`fdroid-page-${label}`);
  const key = await makeSigningKey(dir, 'repository key');
  const root = join(dir, 'root');
  mkdirSync(join(root, 'repo'), { recursive: true });
  writeFileSync(join(root, 'config.yml'), 'sdk_path: /usr/lib/android-sdk\n');
  expect(airsign(['fdroid', 'init', root, '--cert', key.certPath]).code).toBe(0);
  const index = Buffer.from(JSON.stringify({ repo: { name: { 'en-US': 'Page test' }, timestamp: 1_764_000_000_000 }, packages: {} }));
  writeFileSync(join(root, 'repo', 'index-v2.json'), index);
  writeFileSync(join(root, 'repo', 'entry.json'), JSON.stringify({ timestamp: 1_764_000_000_000, version: 20002, index: { name: '/index-v2.json', sha256: createHash('sha256').update(index).digest('hex'), size: index.length, numPackages: 0 } }));
  const session = join(dir, 'session');
  const requested = airsign(['fdroid', 'index', root, '--session', session]);
  expect(requested.code, requested.stderr).toBe(0);
  const answer = signRequest(new Uint8Array(readFileSync(requested.last)), key);
  const lines: string[] = [];
  const backend = new WorkspaceBackend(session, await realParts(), findOutsideTools(), (l) => lines.push(l));
  return { root, answer, lines, backend };
}

describe('the operator page installs an airsign fdroid session\'s files', () => {
  it('puts the signed entry.jar into repo/', { timeout: 120_000 }, async () => {
    const { root, answer, lines, backend } = await signedIndexSession('installs');
    expect(existsSync(join(root, 'repo', 'entry.jar'))).toBe(false);
    const outcome = await backend.takeResponse(answer);
    expect(outcome.signed).toBe(1);
    expect(lines).toContain('installed repo/entry.jar');
    expect(jarsignerVerify(join(root, 'repo', 'entry.jar')).ok).toBe(true);
  });

  it('leaves a stale entry.jar out and says so', { timeout: 120_000 }, async () => {
    const { root, answer, lines, backend } = await signedIndexSession('stale');
    writeFileSync(join(root, 'repo', 'entry.json'), readFileSync(join(root, 'repo', 'entry.json'), 'utf8').replace('1764000000000', '1764000000001'));
    await backend.takeResponse(answer);
    expect(lines.some((l) => l.startsWith('entry.jar: stale, not installed'))).toBe(true);
    expect(existsSync(join(root, 'repo', 'entry.jar'))).toBe(false);
  });
});
