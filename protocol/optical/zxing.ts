/**
 * The fast decoding path: ZXing-C++ built to wasm (zxing-wasm, reader build), called on grey
 * pixels written straight into its heap (the package's own entry point would take RGBA and
 * convert it in JavaScript first).
 *
 * The .wasm is never fetched from the package's default CDN: the caller hands over the
 * bytes (Node: read from node_modules on disk) or a URL of our own (the page's assets), and
 * we always pass module overrides, which replace the CDN default entirely.
 */
import { characterSets, encodeFormats, prepareZXingModule, textModes } from 'zxing-wasm/reader';
import type { ZXingModuleOverrides, ZXingReaderOptions, ZXingReadResult, ZXingVector } from 'zxing-wasm/reader';
import { OpticalError } from './errors.ts';
import type { GreyImage } from './image.ts';

/** Where the .wasm comes from: its bytes, or a URL on our own origin. Never a CDN. */
export type ZxingWasmSource = { readonly wasmBinary: Uint8Array } | { readonly wasmUrl: string };

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Corners of a detected symbol, in the pixel coordinates of the image given. */
export interface Quad {
  readonly topLeft: Point;
  readonly topRight: Point;
  readonly bottomRight: Point;
  readonly bottomLeft: Point;
}

export interface Detection {
  /** The symbol's byte-mode content, exactly. */
  readonly bytes: Uint8Array;
  readonly corners: Quad;
  /** QR version 1..40 (0 if the decoder did not say). */
  readonly version: number;
}

export interface ZxingEffort {
  /** Slower, more thorough search (default false: on video the next frame is 33 ms away). */
  readonly tryHarder?: boolean;
  /** Also scan downscaled copies (zxing's own pyramid). */
  readonly tryDownscale?: boolean;
  readonly tryInvert?: boolean;
  readonly tryRotate?: boolean;
  /** Symbols to look for in one image (default 1; a displayed frame may carry several codes). */
  readonly maxSymbols?: number;
}

/** The Emscripten module hooks we set (the package types them against @types/emscripten). */
export interface ZxingOverrides {
  wasmBinary?: ArrayBuffer;
  locateFile: (path: string, prefix: string) => string;
}

/** What we call on the instantiated module. */
interface ReaderModule {
  _malloc(size: number): number;
  _free(ptr: number): void;
  readonly HEAPU8: Uint8Array;
  readBarcodesFromPixmap(ptr: number, width: number, height: number, options: ZXingReaderOptions): ZXingVector<ZXingReadResult>;
}

/** The module overrides that make zxing-wasm load from our source; exported for the CDN test. */
export function zxingOverrides(source: ZxingWasmSource): ZxingOverrides {
  if ('wasmBinary' in source) {
    const bytes = source.wasmBinary;
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // locateFile too, so nothing can ever fall back to the CDN default.
    return { wasmBinary, locateFile: (path: string) => path };
  }
  const url = source.wasmUrl;
  return { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? url : prefix + path) };
}

export class ZxingDecoder {
  private heapPtr = 0;
  private heapSize = 0;

  private constructor(private readonly module: ReaderModule) {}

  static async load(source: ZxingWasmSource): Promise<ZxingDecoder> {
    let module: ReaderModule;
    try {
      const overrides = zxingOverrides(source) as unknown as ZXingModuleOverrides;
      module = (await prepareZXingModule({ overrides, fireImmediately: true })) as unknown as ReaderModule;
    } catch (cause) {
      throw new OpticalError('WASM_NOT_LOADED', 'the zxing-wasm reader module did not load', { cause });
    }
    return new ZxingDecoder(module);
  }

  /**
   * A buffer inside the wasm heap of at least `size` bytes, reused across calls. Write the
   * grey pixels here, then call decodeHeap: no copy between JavaScript and wasm memory.
   */
  heapBuffer(size: number): Uint8Array {
    if (size > this.heapSize) {
      if (this.heapPtr !== 0) this.module._free(this.heapPtr);
      this.heapPtr = this.module._malloc(size);
      if (this.heapPtr === 0) throw new OpticalError('IMAGE_TOO_LARGE', `cannot allocate ${size} bytes in the wasm heap`);
      this.heapSize = size;
    }
    // HEAPU8 is replaced when the heap grows, so take the view afresh each time.
    return this.module.HEAPU8.subarray(this.heapPtr, this.heapPtr + size);
  }

  /** Decodes the width x height grey image last written into heapBuffer(). */
  decodeHeap(width: number, height: number, effort: ZxingEffort = {}): Detection[] {
    if (width * height > this.heapSize) throw new OpticalError('BAD_ARGUMENT', 'decodeHeap: image larger than the heap buffer');
    const results = this.module.readBarcodesFromPixmap(this.heapPtr, width, height, readerOptions(effort));
    const found: Detection[] = [];
    try {
      for (let i = 0; i < results.size(); i++) {
        const r = results.get(i);
        if (r !== undefined && r.isValid) found.push(toDetection(r));
      }
    } finally {
      (results as unknown as { delete?: () => void }).delete?.();
    }
    return found;
  }

  /** Decodes a grey image (copies it into the wasm heap first). */
  decode(image: GreyImage, effort: ZxingEffort = {}): Detection[] {
    const n = image.width * image.height;
    this.heapBuffer(n).set(image.data.subarray(0, n));
    return this.decodeHeap(image.width, image.height, effort);
  }
}

function toDetection(r: ZXingReadResult): Detection {
  const p = r.position;
  const version = Number(r.version);
  return {
    bytes: Uint8Array.from(r.bytes), // a copy: the result may view memory the module reuses
    corners: { topLeft: { ...p.topLeft }, topRight: { ...p.topRight }, bottomRight: { ...p.bottomRight }, bottomLeft: { ...p.bottomLeft } },
    version: Number.isInteger(version) && version >= 1 && version <= 40 ? version : 0,
  };
}

const QR_ONLY = encodeFormats(['QRCode']);
const BINARY = characterSets.indexOf('BINARY');
const PLAIN = textModes.indexOf('Plain');

function readerOptions(effort: ZxingEffort): ZXingReaderOptions {
  return {
    formats: QR_ONLY,
    tryHarder: effort.tryHarder ?? false,
    tryRotate: effort.tryRotate ?? false,
    tryInvert: effort.tryInvert ?? false,
    tryDownscale: effort.tryDownscale ?? false,
    tryDenoise: false,
    binarizer: 0, // LocalAverage: copes with uneven screen brightness
    isPure: false,
    downscaleThreshold: 500,
    downscaleFactor: 2,
    minLineCount: 2,
    maxNumberOfSymbols: effort.maxSymbols ?? 1,
    validateOptionalChecksum: false,
    returnErrors: false,
    eanAddOnSymbol: 0,
    textMode: PLAIN,
    characterSet: BINARY,
    tryCode39ExtendedMode: false,
  };
}
