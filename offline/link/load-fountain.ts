/**
 * Loads the RaptorQ wasm for the signer: from node_modules in a checkout, from the bundle's
 * assets/ directory in the offline install (assets.ts decides). Never from a URL.
 */
import { readFileSync } from 'node:fs';
import { initFountain, isFountainReady } from '../../protocol/fountain/index.ts';
import { assetPath } from '../assets.ts';

/** Idempotent: the first call reads and instantiates the module, later calls do nothing. */
export function loadFountain(): void {
  if (isFountainReady()) return;
  initFountain(new Uint8Array(readFileSync(assetPath('raptorq_bg.wasm'))));
}
