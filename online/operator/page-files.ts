/**
 * The operator page's files, built from online/pages/operator/ with esbuild when the server
 * starts, beside the wasm it loads: every byte the page needs comes from this process.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { raptorqWasmPath, zxingWasmPath } from '../../node/wasm.ts';
import { bundleBrowserScript, bundleScanWorker } from '../optical/index.ts';

const pages = resolve(import.meta.dirname, '../pages/operator');

export interface ServedFile {
  readonly type: string;
  readonly body: Uint8Array;
}

const encode = (text: string) => new TextEncoder().encode(text);

/** Every file of the page, by its path under the page's root ("" is the page itself). */
export async function operatorPageFiles(): Promise<Map<string, ServedFile>> {
  const [app, worker, html, css, zxing, raptorq] = await Promise.all([
    bundleBrowserScript('online/pages/operator/main.ts'),
    bundleScanWorker(),
    readFile(join(pages, 'index.html')),
    readFile(join(pages, 'style.css')),
    readFile(zxingWasmPath()),
    readFile(raptorqWasmPath()),
  ]);
  return new Map<string, ServedFile>([
    ['', { type: 'text/html; charset=utf-8', body: new Uint8Array(html) }],
    ['style.css', { type: 'text/css; charset=utf-8', body: new Uint8Array(css) }],
    ['app.js', { type: 'text/javascript; charset=utf-8', body: encode(app) }],
    ['scan-worker.js', { type: 'text/javascript; charset=utf-8', body: encode(worker) }],
    ['assets/zxing_reader.wasm', { type: 'application/wasm', body: new Uint8Array(zxing) }],
    ['assets/raptorq_bg.wasm', { type: 'application/wasm', body: new Uint8Array(raptorq) }],
  ]);
}
