/**
 * Showing frames: one payload's QR code (or several, each its own frame) drawn on a canvas with
 * whole-pixel modules (crisp at any size the canvas is shown), and a player that cycles through a
 * stream of payloads at a steady rate of pictures.
 */
import { fitModuleSize, greyToRgba, multiFrameImage, qrModules, rasterizeQr, renderQrMatrix } from '../optical/index.ts';
import type { GreyImage, QrSymbolSpec } from '../optical/index.ts';

export interface DrawOptions {
  /** Light modules around the code (default 4). */
  readonly quietZone?: number;
  /** Fixes the QR data mask (0..7): rendering version 40 drops from about 37 ms to 2 ms. */
  readonly mask?: number;
}

export function drawFrame(canvas: HTMLCanvasElement, payload: Uint8Array, symbol: QrSymbolSpec, options: DrawOptions = {}): void {
  const quietZone = options.quietZone ?? 4;
  const box = { width: canvas.width, height: canvas.height };
  const moduleSize = fitModuleSize(qrModules(symbol.version), box, quietZone);
  putGrey(canvas, rasterizeQr(renderQrMatrix(payload, symbol, options.mask), { moduleSize, quietZone, canvas: box }));
}

/** Several payloads' codes in one picture (multi-frame-image.ts: 2 side by side, 4 in a 2x2 grid), each an independent frame. */
export function drawFrames(canvas: HTMLCanvasElement, payloads: readonly Uint8Array[], symbol: QrSymbolSpec, options: DrawOptions = {}): void {
  if (payloads.length === 1) {
    drawFrame(canvas, payloads[0]!, symbol, options);
    return;
  }
  putGrey(canvas, multiFrameImage(payloads, symbol, { width: canvas.width, height: canvas.height, fit: 'box', ...(options.quietZone === undefined ? {} : { quietZone: options.quietZone }) }));
}

function putGrey(canvas: HTMLCanvasElement, grey: GreyImage): void {
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(grey.width, grey.height);
  greyToRgba(grey, image.data);
  ctx.putImageData(image, 0, 0);
}

/**
 * Gives the canvas as many pixels as it covers on screen, so whole-pixel modules stay whole
 * (call once the canvas is laid out and visible).
 */
export function fitCanvasToDisplay(canvas: HTMLCanvasElement): void {
  const box = canvas.getBoundingClientRect();
  const ratio = globalThis.devicePixelRatio ?? 1;
  const side = Math.max(64, Math.floor(Math.min(box.width, box.height) * ratio));
  if (canvas.width !== side || canvas.height !== side) {
    canvas.width = side;
    canvas.height = side;
  }
}

export interface FramePlayer {
  stop(): void;
  /** Frames shown so far (codes, not pictures: a picture of 4 codes shows 4 frames). */
  readonly shown: number;
}

/** Shows `codes` payloads of next() in each picture on the canvas, `fps` pictures a second, until stopped. */
export function playFrames(canvas: HTMLCanvasElement, next: () => Uint8Array, symbol: QrSymbolSpec, fps: number, options: DrawOptions = {}, codes = 1): FramePlayer {
  let pictures = 0;
  let stopped = false;
  const start = performance.now();
  const tick = (now: number) => {
    if (stopped) return;
    // Picture index from the clock, not a counter: a slow tick skips ahead instead of drifting.
    const due = Math.floor(((now - start) / 1000) * fps);
    if (due >= pictures) {
      drawFrames(canvas, Array.from({ length: codes }, next), symbol, options);
      pictures = due + 1;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    stop: () => {
      stopped = true;
    },
    get shown() {
      return pictures * codes;
    },
  };
}
