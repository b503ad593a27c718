/** Loads the RaptorQ wasm for the online side from the installed raptorq package (never a URL). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initFountain, isFountainReady } from '../../protocol/fountain/index.ts';

export function raptorqWasmPath(): string {
  return createRequire(import.meta.url).resolve('raptorq/raptorq_bg.wasm');
}

/** Idempotent: the first call reads and instantiates the module, later calls do nothing. */
export function loadFountain(): void {
  if (isFountainReady()) return;
  initFountain(new Uint8Array(readFileSync(raptorqWasmPath())));
}
