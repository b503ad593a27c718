/**
 * Without the apksig helper (here forced with AIRSIGN_APKSIG=apksigner, as when java, javac or the
 * jar is missing), Google's verification falls back to one apksigner process per file, and says
 * so once on stderr however many files follow.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_APK } from '../../support/sample-apks.ts';
import { tool } from '../../support/tools.ts';

const root = resolve(import.meta.dirname, '../../..');
const hasApksigner = (() => {
  try {
    return tool('apksigner', ['version']).status === 0;
  } catch {
    return false;
  }
})();
if (!hasApksigner) process.stdout.write('apksig-fallback.test: skipped: apksigner is not installed\n');

describe.skipIf(!hasApksigner)('Google verification without the helper', () => {
  it('verifies with apksigner per file and says so once', () => {
    const script = `
      import { googleVerify } from ${JSON.stringify(resolve(root, 'online/apk/verify/apksig/index.ts'))};
      const verdicts = [];
      for (let i = 0; i < 3; i++) verdicts.push(await googleVerify(${JSON.stringify(REAL_APK)}));
      process.stdout.write(JSON.stringify(verdicts.map((v) => [v.tool, v.verified])));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, AIRSIGN_APKSIG: 'apksigner' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([['apksigner', true], ['apksigner', true], ['apksigner', true]]);
    expect(r.stderr.match(/verifying with apksigner, one process per file/g)).toHaveLength(1);
  }, 120_000);
});
