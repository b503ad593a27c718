/**
 * The signer page's files: read from the offline bundle's assets/signer-page/ (built when the
 * bundle was made), or built from offline/pages/ in a checkout. Either way every byte the page
 * loads, wasm included, comes from this process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath, bundledAssetDir } from '../../node/assets.ts';

export const PAGE_FILE_NAMES = ['index.html', 'style.css', 'app.js', 'scan-worker.js'] as const;

export interface ServedFile {
  readonly type: string;
  readonly body: Uint8Array;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  wasm: 'application/wasm',
};

function typeOf(name: string): string {
  return TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
}

async function pageFiles(): Promise<Map<string, Uint8Array>> {
  const dir = bundledAssetDir();
  if (dir !== undefined) return new Map(PAGE_FILE_NAMES.map((name) => [name, new Uint8Array(readFileSync(join(dir, 'signer-page', name)))]));
  const { buildSignerPage } = await import('./build-page.ts');
  return buildSignerPage();
}

/** Every file the server serves, by URL path. */
export async function loadServedFiles(): Promise<Map<string, ServedFile>> {
  const served = new Map<string, ServedFile>();
  for (const [name, body] of await pageFiles()) served.set(name === 'index.html' ? '/' : `/${name}`, { type: typeOf(name), body });
  for (const wasm of ['zxing_reader.wasm', 'raptorq_bg.wasm']) served.set(`/assets/${wasm}`, { type: TYPES.wasm!, body: new Uint8Array(readFileSync(assetPath(wasm))) });
  return served;
}
