/** Before the wasm is handed over, the fountain refuses with a typed error instead of fetching it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isProtocolError } from '../../../protocol/errors.ts';
import { FountainEncoder, assertFountainReady, initFountain, isFountainReady } from '../../../protocol/fountain/index.ts';
import { FrameDecoder } from '../../../protocol/frames/index.ts';
import { raptorqWasmPath } from '../../../node/wasm.ts';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isProtocolError(e) ? e.code : 'not a ProtocolError';
  }
  return undefined;
}

describe('initFountain', () => {
  it('is required first, then takes the wasm bytes once', () => {
    expect(isFountainReady()).toBe(false);
    expect(codeOf(assertFountainReady)).toBe('FOUNTAIN_NOT_READY');
    expect(codeOf(() => new FountainEncoder(new Uint8Array(10), 64))).toBe('FOUNTAIN_NOT_READY');
    expect(codeOf(() => initFountain('https://example.invalid/raptorq.wasm' as unknown as Uint8Array))).toBe('BAD_ARGUMENT');
    initFountain(new WebAssembly.Module(readFileSync(raptorqWasmPath())));
    expect(isFountainReady()).toBe(true);
    expect(codeOf(() => initFountain(new Uint8Array(0)))).toBeUndefined(); // already loaded: ignored
    expect(new FrameDecoder().push(new Uint8Array(0)).status).toBe('rejected');
  });
});
