/**
 * Loads the two wasm modules, RaptorQ (the fountain code) and zxing (the QR reader), from disk
 * (node_modules in a checkout, the bundle's assets/ in the offline install: assets.ts decides).
 * Never from a URL: zxing's own default fetches from a CDN, which an offline laptop must never do.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { initFountain, isFountainReady } from '../protocol/fountain/index.ts';
import { QrScanner, ZxingDecoder } from '../protocol/optical/index.ts';
import type { ScannerOptions } from '../protocol/optical/index.ts';
import { assetPath } from './assets.ts';

export function raptorqWasmPath(): string {
  return assetPath('raptorq_bg.wasm');
}

export function zxingWasmPath(): string {
  return assetPath('zxing_reader.wasm');
}

/** Idempotent: the first call reads and instantiates the module, later calls do nothing. */
export function loadFountain(): void {
  if (isFountainReady()) return;
  initFountain(new Uint8Array(readFileSync(raptorqWasmPath())));
}

let decoder: Promise<ZxingDecoder> | undefined;

/** The zxing decoder, loaded once per process. */
export function loadZxing(): Promise<ZxingDecoder> {
  decoder ??= readFile(zxingWasmPath()).then((bytes) => ZxingDecoder.load({ wasmBinary: new Uint8Array(bytes) }));
  return decoder;
}

/** A scanner for one stream of frames (each stream wants its own region tracking). */
export async function createScanner(options: ScannerOptions = {}): Promise<QrScanner> {
  return new QrScanner(await loadZxing(), options);
}
