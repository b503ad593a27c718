/**
 * One frame payload as the picture the screen shows: its QR code at the preset's version and
 * level, rasterised with whole-pixel modules, so every frame of a stream has the same geometry.
 */
import type { GreyImage } from './image.ts';
import { fitModuleSize, rasterizeQr } from './rasterize.ts';
import { renderQrMatrix } from './qr-matrix.ts';
import type { QrSymbolSpec } from './qr-presets.ts';
import { qrModules } from './qr-presets.ts';

export interface FrameLayout {
  /** The box the symbol (with its quiet zone) must fit, at the largest whole-pixel module size. */
  readonly width: number;
  readonly height: number;
  /**
   * 'symbol': the picture is just the symbol and its quiet zone (a page shows it as large as it
   * can); 'box': the symbol is centred on a light picture of the box's size (video frames).
   */
  readonly fit: 'symbol' | 'box';
  /** Light modules around the symbol (default 4). */
  readonly quietZone?: number;
}

/** Pictures of the symbol alone, at most 720 pixels square. */
export const FIT_720: FrameLayout = { width: 720, height: 720, fit: 'symbol' };
/** 1280x720 video frames with the symbol centred. */
export const VIDEO_720P: FrameLayout = { width: 1280, height: 720, fit: 'box' };
/** 1920x1080 video frames: several codes a frame get the module size a full-screen page gives them. */
export const VIDEO_1080P: FrameLayout = { width: 1920, height: 1080, fit: 'box' };

/**
 * The video frame for `codes` codes a picture: 720p for one; 1080p for several, whose codes in a
 * 720-row frame would get 2-pixel modules at high (the camera simulator read none of them).
 */
export function videoLayout(codes: number): FrameLayout {
  return codes === 1 ? VIDEO_720P : VIDEO_1080P;
}

export function frameImage(payload: Uint8Array, symbol: QrSymbolSpec, layout: FrameLayout = FIT_720): GreyImage {
  const quietZone = layout.quietZone ?? 4;
  const moduleSize = fitModuleSize(qrModules(symbol.version), layout, quietZone);
  const matrix = renderQrMatrix(payload, symbol);
  return rasterizeQr(matrix, { moduleSize, quietZone, ...(layout.fit === 'box' ? { canvas: layout } : {}) });
}
