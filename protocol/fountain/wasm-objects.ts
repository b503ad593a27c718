/**
 * raptorq's wasm objects live in wasm memory until free() is called; this version of wasm-bindgen
 * registers no finalizer. Our wrappers free them as soon as they are done, and this registry
 * frees any a caller forgot (an encoder left running when a page closes).
 */
interface Freeable {
  free(): void;
}

const registry = new FinalizationRegistry<Freeable>((held) => held.free());

export function trackWasmObject(owner: object, wasmObject: Freeable): void {
  registry.register(owner, wasmObject, owner);
}

export function releaseWasmObject(owner: object, wasmObject: Freeable | undefined): void {
  registry.unregister(owner);
  wasmObject?.free();
}
