/**
 * One frame payload as the picture the screen shows: its QR code at the preset's version and
 * level, rasterised with whole-pixel modules to a fixed size, so every frame of a stream (and
 * every frame of a video) has the same geometry.
 */
import type { GreyImage } from './image.ts';
import { fitModuleSize, rasterizeQr } from './rasterize.ts';
import { renderQrMatrix } from './qr-matrix.ts';
import type { QrSymbolSpec } from './qr-presets.ts';
import { qrModules } from './qr-presets.ts';

export interface FrameLayout {
  /** The picture's size; the symbol is centred and as large as whole-pixel modules allow. */
  readonly width: number;
  readonly height: number;
  /** Light modules around the symbol (default 4). */
  readonly quietZone?: number;
}

/** Square pictures about 720 pixels high: what a screen shows without scaling on most laptops. */
export const SQUARE_720: FrameLayout = { width: 720, height: 720 };
/** A 1280x720 video frame. */
export const VIDEO_720P: FrameLayout = { width: 1280, height: 720 };

export function frameImage(payload: Uint8Array, symbol: QrSymbolSpec, layout: FrameLayout = SQUARE_720): GreyImage {
  const quietZone = layout.quietZone ?? 4;
  const moduleSize = fitModuleSize(qrModules(symbol.version), layout, quietZone);
  return rasterizeQr(renderQrMatrix(payload, symbol), { moduleSize, quietZone, canvas: layout });
}
