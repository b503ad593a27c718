/**
 * Builds the signer page from offline/pages/ with esbuild: its script and its scan worker, beside
 * its HTML and CSS. A checkout builds it when the server starts; the offline bundle carries the
 * result in assets/signer-page/ (offline/bundle/files.ts), since esbuild is not part of the install.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { ZXING_SHARE_FILE, withoutZxingCdn } from '../../protocol/optical/index.ts';

const root = resolve(import.meta.dirname, '../..');
const pages = join(root, 'offline/pages');

/** zxing-wasm's CDN address leaves the bundle (we always override it, and this makes sure). */
const noCdn: Plugin = {
  name: 'airsign-no-cdn',
  setup(b) {
    b.onLoad({ filter: ZXING_SHARE_FILE }, async (args) => ({ contents: withoutZxingCdn(await readFile(args.path, 'utf8')), loader: 'js' }));
  },
};

async function script(entry: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [join(pages, entry)],
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: ['chrome110', 'firefox115'],
    // zxing-wasm mentions Node built-ins on paths a browser never takes.
    external: ['module', 'node:*'],
    plugins: [noCdn],
    legalComments: 'none',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.contents;
}

/** The page's files by the name it is served under. */
export async function buildSignerPage(): Promise<Map<string, Uint8Array>> {
  const [app, worker, html, css] = await Promise.all([script('main.ts'), script('scan-worker.ts'), readFile(join(pages, 'index.html')), readFile(join(pages, 'style.css'))]);
  return new Map([
    ['index.html', new Uint8Array(html)],
    ['style.css', new Uint8Array(css)],
    ['app.js', app],
    ['scan-worker.js', worker],
  ]);
}
