/** Loads the scanner on the online side, with zxing's wasm read from the installed package on disk. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { QrScanner, ZxingDecoder } from '../../protocol/optical/index.ts';
import type { ScannerOptions } from '../../protocol/optical/index.ts';

export function zxingWasmPath(): string {
  return createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
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
