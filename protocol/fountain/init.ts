/**
 * The RaptorQ wasm module is given to us, never fetched: protocol/ runs on the offline laptop and
 * in the browser pages, and neither may reach for a URL or a CDN. Each side has a small loader
 * (node/wasm.ts, for both programs) that reads the bytes from disk
 * and calls initFountain once; the pages pass the module they were served with.
 */
import { initSync } from 'raptorq/raptorq.js';
import { ProtocolError } from '../errors.ts';

export type FountainWasm = BufferSource | WebAssembly.Module;

let memory: WebAssembly.Memory | undefined;

/** Instantiates the wasm synchronously. Calling it again is harmless: the first module stays. */
export function initFountain(wasm: FountainWasm): void {
  if (memory !== undefined) return;
  if (!(wasm instanceof WebAssembly.Module) && !ArrayBuffer.isView(wasm) && !(wasm instanceof ArrayBuffer)) {
    throw new ProtocolError('BAD_ARGUMENT', '"wasm" expected the raptorq wasm bytes or a WebAssembly.Module');
  }
  memory = initSync(wasm).memory;
}

export function isFountainReady(): boolean {
  return memory !== undefined;
}

export function assertFountainReady(): void {
  if (memory === undefined) {
    throw new ProtocolError('FOUNTAIN_NOT_READY', 'the fountain code is not loaded: call initFountain() with the raptorq wasm first');
  }
}

/** Bytes of wasm linear memory in use: it only ever grows, so tests watch it for leaks. */
export function fountainMemoryBytes(): number {
  return memory?.buffer.byteLength ?? 0;
}
