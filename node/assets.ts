/**
 * Where a program finds its non-JavaScript files (the wasm modules). In a checkout they come from
 * node_modules; in the offline bundle, from the bundle's own assets/ directory, which its entry point
 * announces through AIRSIGN_ASSET_DIR. Nothing is ever fetched from a network.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const fromPackages: Record<string, string> = {
  'raptorq_bg.wasm': 'raptorq/raptorq_bg.wasm',
  'zxing_reader.wasm': 'zxing-wasm/reader/zxing_reader.wasm',
};

/** The bundle's assets/ directory, or undefined in a checkout. */
export function bundledAssetDir(): string | undefined {
  const bundled = process.env.AIRSIGN_ASSET_DIR;
  return bundled === undefined || bundled === '' ? undefined : bundled;
}

export function assetPath(name: string): string {
  const bundled = bundledAssetDir();
  if (bundled !== undefined) return join(bundled, name);
  const packaged = fromPackages[name];
  if (packaged === undefined) throw new Error(`unknown asset ${name}`);
  return createRequire(import.meta.url).resolve(packaged);
}

/** The assets the bundle must carry, by the name assetPath() knows them (the signer page's own files are added beside them). */
export const BUNDLED_ASSETS: readonly string[] = Object.keys(fromPackages);
