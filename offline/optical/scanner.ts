/** The signer's QR scanner, with zxing's wasm from its own assets (the bundle's, or node_modules in a checkout). */
import { readFile } from 'node:fs/promises';
import { QrScanner, ZxingDecoder } from '../../protocol/optical/index.ts';
import type { ScannerOptions } from '../../protocol/optical/index.ts';
import { assetPath } from '../assets.ts';

let decoder: Promise<ZxingDecoder> | undefined;

export function loadZxing(): Promise<ZxingDecoder> {
  decoder ??= readFile(assetPath('zxing_reader.wasm')).then((bytes) => ZxingDecoder.load({ wasmBinary: new Uint8Array(bytes) }));
  return decoder;
}

export async function createScanner(options: ScannerOptions = {}): Promise<QrScanner> {
  return new QrScanner(await loadZxing(), options);
}
