/**
 * Camera frames to frame payloads, fast enough for every frame of a 30 fps stream.
 *
 * 1. Search the rectangle where the symbol was last seen (region tracking), downscaled when its
 *    modules are big: a fraction of the pixels of the whole frame.
 * 2. After a few misses there (the camera moved), search the whole frame.
 * 3. Decode with zxing-wasm; jsQR only when the wasm is not available, or on a miss when asked
 *    (still images, where time does not matter).
 * Only the searched rectangle is converted to grey, and it is written straight into the
 * decoder's memory.
 */
import { OpticalError } from './errors.ts';
import type { GreyImage, RgbaImage } from './image.ts';
import { decodeWithJsqr } from './jsqr.ts';
import { asFramePixels, assertFrame, copyGreyRegion } from './pixels.ts';
import type { FramePixels, Rect } from './pixels.ts';
import { quadToFrame, trackFromQuad, unionTrack } from './region.ts';
import type { Track } from './region.ts';
import type { Detection, Quad, ZxingDecoder, ZxingEffort } from './zxing.ts';

export type JsqrPolicy = 'never' | 'on-miss' | 'only';

export interface ScannerOptions {
  /** When jsQR runs (default: 'never' with zxing, 'only' without). */
  readonly jsqr?: JsqrPolicy;
  /** zxing effort on whole-frame searches (default: fast). */
  readonly frameEffort?: ZxingEffort;
  /** Region misses in a row before the whole frame is searched again (default 2). */
  readonly regionMisses?: number;
  /** jsQR searches a downscaled copy of larger regions (default JSQR_MAX_PIXELS). */
  readonly jsqrMaxPixels?: number;
}

/**
 * jsQR works on RGBA and allocates several times the pixels it is given: on a 7680x4320 still it
 * took the process to 426 MB. Larger regions are downscaled to this many pixels first (a 4K
 * frame's worth; a code that fills an 8K picture keeps modules many pixels wide at half scale).
 */
export const JSQR_MAX_PIXELS = 3840 * 2160;

/** scanAll searches the whole frame at least this often (captures), for codes outside its region. */
export const WHOLE_FRAME_EVERY = 8;

export type ScanVia = 'region' | 'frame' | 'jsqr';

export interface ScanResult {
  readonly payload: Uint8Array;
  /** Corners of the symbol in frame pixels. */
  readonly corners: Quad;
  readonly via: ScanVia;
}

export interface ScanStats {
  frames: number;
  region: number;
  frame: number;
  jsqr: number;
  misses: number;
}

export class QrScanner {
  private track: Track | undefined;
  /** scanAll's region: around every code of the last whole-frame search. */
  private manyTrack: Track | undefined;
  private sinceWhole = 0;
  private missesInRow = 0;
  private readonly policy: JsqrPolicy;
  private readonly regionMisses: number;
  private jsBuffer = new Uint8Array(0);
  readonly stats: ScanStats = { frames: 0, region: 0, frame: 0, jsqr: 0, misses: 0 };

  constructor(private readonly zxing: ZxingDecoder | undefined, private readonly options: ScannerOptions = {}) {
    this.policy = options.jsqr ?? (zxing === undefined ? 'only' : 'never');
    if (zxing === undefined && this.policy !== 'only') throw new OpticalError('WASM_NOT_LOADED', 'no zxing decoder: only the jsQR policy can scan');
    this.regionMisses = options.regionMisses ?? 2;
  }

  /** Forget where the symbol was (a new stream, another screen). */
  reset(): void {
    this.track = undefined;
    this.manyTrack = undefined;
    this.sinceWhole = 0;
    this.missesInRow = 0;
  }

  /** The rectangle the next scan searches first, if any. */
  get region(): Rect | undefined {
    return this.track?.rect;
  }

  scan(image: FramePixels | GreyImage | RgbaImage): ScanResult | undefined {
    const frame = asFramePixels(image);
    assertFrame(frame);
    this.stats.frames++;
    const whole: Rect = { x: 0, y: 0, width: frame.width, height: frame.height };
    let searched: { rect: Rect; factor: number };
    if (this.track !== undefined) {
      searched = { rect: this.track.rect, factor: this.track.factor };
      const found = this.decode(frame, searched.rect, searched.factor, 'region');
      if (found !== undefined) return found;
      this.missesInRow++;
      if (this.missesInRow >= this.regionMisses) {
        // The symbol may have moved: look everywhere, at the scale it had.
        searched = { rect: whole, factor: this.track.factor };
        const again = this.decode(frame, whole, this.track.factor, 'frame');
        if (again !== undefined) return again;
        if (this.missesInRow >= 3 * this.regionMisses) this.reset();
      }
    } else {
      searched = { rect: whole, factor: 1 };
      const found = this.decode(frame, whole, 1, 'frame');
      if (found !== undefined) return found;
    }
    if (this.policy === 'on-miss') {
      const rescued = this.decodeJs(frame, searched.rect, searched.factor);
      if (rescued !== undefined) return rescued;
    }
    this.stats.misses++;
    return undefined;
  }

  /**
   * Every symbol of the frame, up to maxSymbols (a displayed frame may carry several codes, and
   * the receiver does not know how many). Region tracking as in scan(), over the rectangle that
   * held all the codes of the last whole-frame search; every WHOLE_FRAME_EVERY captures the whole
   * frame is searched again, so codes that appear later (the operator chose more) are found.
   * Each payload goes to the frame decoder, which keeps one session and ignores duplicates.
   */
  scanAll(image: FramePixels | GreyImage | RgbaImage, maxSymbols: number): ScanResult[] {
    if (maxSymbols <= 1) {
      const one = this.scan(image);
      return one === undefined ? [] : [one];
    }
    const frame = asFramePixels(image);
    assertFrame(frame);
    this.stats.frames++;
    const whole: Rect = { x: 0, y: 0, width: frame.width, height: frame.height };
    if (this.policy === 'only') {
      const one = this.decodeJs(frame, whole, 1);
      if (one === undefined) this.stats.misses++;
      return one === undefined ? [] : [one];
    }
    const track = this.manyTrack;
    if (track !== undefined && this.sinceWhole < WHOLE_FRAME_EVERY) {
      const found = this.decodeMany(frame, track.rect, track.factor, maxSymbols);
      this.sinceWhole++;
      if (found.length > 0) {
        this.missesInRow = 0;
        this.stats.region++;
        return found.map((d) => ({ payload: d.bytes, corners: quadToFrame(d.corners, track.rect, track.factor), via: 'region' as const }));
      }
      this.missesInRow++;
      if (this.missesInRow < this.regionMisses) {
        this.stats.misses++;
        return [];
      }
    }
    const factor = track?.factor ?? 1;
    const found = this.decodeMany(frame, whole, factor, maxSymbols);
    this.sinceWhole = 0;
    if (found.length === 0) {
      this.missesInRow++;
      if (this.missesInRow >= 3 * this.regionMisses) this.reset();
      if (this.policy === 'on-miss') {
        const rescued = this.decodeJs(frame, whole, factor);
        if (rescued !== undefined) return [rescued];
      }
      this.stats.misses++;
      return [];
    }
    this.stats.frame++;
    this.missesInRow = 0;
    const results = found.map((d) => ({ payload: d.bytes, corners: quadToFrame(d.corners, whole, factor), version: d.version }));
    this.manyTrack = unionTrack(results.map((r) => trackFromQuad(r.corners, r.version, frame)));
    return results.map((r) => ({ payload: r.payload, corners: r.corners, via: 'frame' as const }));
  }

  private decodeMany(frame: FramePixels, rect: Rect, factor: number, maxSymbols: number): Detection[] {
    const zxing = this.zxing!;
    const size = Math.floor(rect.width / factor) * Math.floor(rect.height / factor);
    const { width, height } = copyGreyRegion(frame, rect, factor, zxing.heapBuffer(size));
    return zxing.decodeHeap(width, height, { ...this.options.frameEffort, maxSymbols });
  }

  private decode(frame: FramePixels, rect: Rect, factor: number, via: 'region' | 'frame'): ScanResult | undefined {
    if (this.policy === 'only') return this.decodeJs(frame, rect, factor);
    const zxing = this.zxing!;
    const size = Math.floor(rect.width / factor) * Math.floor(rect.height / factor);
    const { width, height } = copyGreyRegion(frame, rect, factor, zxing.heapBuffer(size));
    const effort = via === 'frame' ? this.options.frameEffort : undefined;
    const found = zxing.decodeHeap(width, height, effort)[0];
    if (found === undefined) return undefined;
    this.stats[via]++;
    return this.accept(found, rect, factor, frame, via);
  }

  private decodeJs(frame: FramePixels, rect: Rect, wanted: number): ScanResult | undefined {
    const budget = this.options.jsqrMaxPixels ?? JSQR_MAX_PIXELS;
    const factor = Math.max(wanted, Math.ceil(Math.sqrt((rect.width * rect.height) / budget)));
    const size = Math.floor(rect.width / factor) * Math.floor(rect.height / factor);
    if (this.jsBuffer.length < size) this.jsBuffer = new Uint8Array(size);
    const { width, height } = copyGreyRegion(frame, rect, factor, this.jsBuffer);
    const found = decodeWithJsqr({ width, height, data: this.jsBuffer.subarray(0, width * height) });
    if (found === undefined) return undefined;
    this.stats.jsqr++;
    return this.accept(found, rect, factor, frame, 'jsqr');
  }

  private accept(found: Detection, rect: Rect, factor: number, frame: FramePixels, via: ScanVia): ScanResult {
    const corners = quadToFrame(found.corners, rect, factor);
    this.track = trackFromQuad(corners, found.version, frame);
    this.missesInRow = 0;
    return { payload: found.bytes, corners, via };
  }
}
