/**
 * Browser scripts built from our sources with esbuild, in memory: the scan worker, and any page
 * entry that uses the optical building blocks. zxing's wasm is served beside them as an asset
 * of our own page, never fetched from elsewhere.
 */
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ZXING_SHARE_FILE, withoutZxingCdn } from '../../protocol/optical/index.ts';

const root = resolve(import.meta.dirname, '../..');

/** Defence in depth: the bundle loses zxing-wasm's CDN address (see protocol/optical/zxing-cdn.ts). */
const noCdn: Plugin = {
  name: 'airsign-no-cdn',
  setup(b) {
    b.onLoad({ filter: ZXING_SHARE_FILE }, async (args) => ({ contents: withoutZxingCdn(await readFile(args.path, 'utf8')), loader: 'js' }));
  },
};

export async function bundleBrowserScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [resolve(root, entry)],
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'chrome110',
    // zxing-wasm mentions Node built-ins on paths a browser never takes.
    external: ['module', 'node:*'],
    plugins: [noCdn],
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}

/** The scan worker script (a module worker). */
export function bundleScanWorker(): Promise<string> {
  return bundleBrowserScript('online/pages/optical/scan-worker.ts');
}
