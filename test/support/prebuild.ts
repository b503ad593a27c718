/** vitest globalSetup: the programs prebuilt (prebuilt/build.js) before any test starts one. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  const r = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../prebuilt/build.js'), '--if-stale'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`prebuilt/build.js failed: ${r.stderr}`);
}
