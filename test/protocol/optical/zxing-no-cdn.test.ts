/**
 * zxing-wasm's default is to fetch its wasm from a CDN, which the offline laptop must never do.
 * The package does carry that address; our loader overrides it, never touches the network in
 * Node, and the browser bundle loses the address altogether.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QR_PRESETS, frameImage, ZxingDecoder, zxingOverrides } from '../../../protocol/optical/index.ts';
import { bundleScanWorker } from '../../../online/optical/index.ts';
import { zxingWasmPath } from '../../../node/wasm.ts';

// .../zxing-wasm/dist/reader/zxing_reader.wasm: three levels up is the package.
const packageDir = dirname(dirname(dirname(zxingWasmPath())));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('zxing-wasm never reaches a CDN', () => {
  it('the package itself names the CDN (so the checks below mean something)', () => {
    const hits = filesUnder(join(packageDir, 'dist/es')).filter((f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes('fastly.jsdelivr.net'));
    expect(hits.length).toBeGreaterThan(0);
  });

  it('our overrides never locate the wasm on another origin', () => {
    const fromDisk = zxingOverrides({ wasmBinary: new Uint8Array(8) });
    expect(fromDisk.wasmBinary?.byteLength).toBe(8);
    expect(fromDisk.locateFile('zxing_reader.wasm', 'https://example.invalid/')).not.toMatch(/^https?:/);
    const fromPage = zxingOverrides({ wasmUrl: '/assets/zxing_reader.wasm' });
    expect(fromPage.locateFile('zxing_reader.wasm', '')).toBe('/assets/zxing_reader.wasm');
  });

  it('loads from disk and decodes with fetch forbidden', async () => {
    const calls: string[] = [];
    globalThis.fetch = (async (input: unknown) => {
      calls.push(String(input));
      throw new Error('network forbidden in this test');
    }) as typeof fetch;
    const zxing = await ZxingDecoder.load({ wasmBinary: new Uint8Array(readFileSync(zxingWasmPath())) });
    const bytes = Uint8Array.of(1, 2, 3, 250);
    expect(zxing.decode(frameImage(bytes, QR_PRESETS[0]!))[0]?.bytes).toEqual(bytes);
    expect(calls).toEqual([]);
  });

  it('the browser worker bundle holds no network address at all', async () => {
    const script = await bundleScanWorker();
    expect(script).not.toMatch(/jsdelivr|unpkg|https?:\/\//);
  });
});
