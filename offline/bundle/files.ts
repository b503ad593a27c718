/** Gathers every file the offline bundle carries, as (path in bundle, bytes, executable). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { BUNDLED_ASSETS, assetPath } from '../../node/assets.ts';
import { buildSignerPage } from '../serve/build-page.ts';
import type { TarEntry } from './tar.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * The bundle carries the signer page already built (assets/signer-page/), so the page builder,
 * which needs esbuild, is left out of signer.mjs: the server only reaches for it in a checkout.
 */
const noPageBuilder: Plugin = {
  name: 'airsign-no-page-builder',
  setup(b) {
    b.onLoad({ filter: /offline[\\/]serve[\\/]build-page\.ts$/ }, () => ({
      contents: "export function buildSignerPage() { throw new Error('the offline bundle carries its page in assets/signer-page'); }",
      loader: 'js',
    }));
  },
};

/** protocol/ and offline/ (and the JavaScript packages they use) as one ES module; pkcs11js stays a native addon beside it. */
async function signerScript(): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [join(root, 'offline/bundle/entry.ts')],
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['pkcs11js'],
    plugins: [noPageBuilder],
    legalComments: 'eof',
    banner: { js: "import { createRequire as __airsignRequire } from 'node:module'; const require = __airsignRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('esbuild produced no output');
  return withoutCdnDefault(file.contents);
}

/**
 * zxing-wasm's default locateFile names a CDN. The signer always passes its own module overrides
 * (protocol/optical/zxing.ts), so that default is dead code; it is cut out all the same, so the
 * offline install holds no address to fetch anything from.
 */
function withoutCdnDefault(script: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(script);
  return new TextEncoder().encode(text.replace(/https:\/\/fastly\.jsdelivr\.net\/npm\/zxing-wasm@[^/`'"]+\/dist\//g, 'airsign-no-cdn:/'));
}

/** The native PKCS#11 addon as built for this machine's Node and architecture. */
function pkcs11Addon(): TarEntry[] {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('pkcs11js/package.json'));
  return ['package.json', 'index.js', 'LICENSE', 'build/Release/pkcs11.node'].map((rel) => ({
    path: `node_modules/pkcs11js/${rel}`,
    data: readFileSync(join(pkgDir, rel)),
    executable: rel.endsWith('.node'),
  }));
}

const startScript = `#!/bin/sh
# Starts the airsign offline signer from this bundle. Needs Node.js 20 (the PKCS#11 addon is built for it).
# Found through the real path of this script, so a symbolic link to it (/usr/local/bin) works too.
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)"
if [ "$major" != "20" ]; then echo "airsign-signer: needs Node.js 20, found $major" >&2; exit 1; fi
exec node "$here/signer.mjs" "$@"
`;

export async function bundleFiles(): Promise<TarEntry[]> {
  const entries: TarEntry[] = [
    { path: 'bin/airsign-signer', data: new TextEncoder().encode(startScript), executable: true },
    { path: 'signer.mjs', data: await signerScript(), executable: false },
    // The signing thread's body is loaded by path, beside signer.mjs (offline/pkcs11/signing-thread.ts).
    { path: 'signing-thread.cjs', data: readFileSync(join(root, 'offline/pkcs11/signing-thread.cjs')), executable: false },
    { path: 'docs/offline-laptop.md', data: readFileSync(join(root, 'docs/offline-laptop.md')), executable: false },
    ...pkcs11Addon(),
    ...BUNDLED_ASSETS.map((name) => ({ path: `assets/${name}`, data: readFileSync(assetPath(name)), executable: false })),
    ...[...(await buildSignerPage())].map(([name, data]) => ({ path: `assets/signer-page/${name}`, data, executable: false })),
  ];
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
