/**
 * A QR module matrix drawn as a grey image: whole-pixel modules (no resampling, so edges stay
 * sharp for any camera), a quiet zone of light modules around it, optionally centred on a
 * larger light canvas (a video frame of fixed size).
 */
import { assertImageSize, greyImage } from './image.ts';
import type { GreyImage } from './image.ts';
import { OpticalError } from './errors.ts';
import type { QrMatrix } from './qr-matrix.ts';

export interface RasterOptions {
  /** Pixels per module side (default 4). */
  readonly moduleSize?: number;
  /** Light modules around the symbol (default 4, the QR standard's minimum). */
  readonly quietZone?: number;
  /** Place the symbol at the centre of a canvas of this size (must be large enough). */
  readonly canvas?: { readonly width: number; readonly height: number };
}

const DARK = 0;
const LIGHT = 255;

export function rasterizeQr(matrix: QrMatrix, options: RasterOptions = {}): GreyImage {
  const moduleSize = options.moduleSize ?? 4;
  const quietZone = options.quietZone ?? 4;
  if (!Number.isInteger(moduleSize) || moduleSize < 1 || moduleSize > 64) throw new OpticalError('BAD_ARGUMENT', `module size ${moduleSize} is not 1..64`);
  if (!Number.isInteger(quietZone) || quietZone < 0 || quietZone > 64) throw new OpticalError('BAD_ARGUMENT', `quiet zone ${quietZone} is not 0..64`);
  const side = (matrix.size + 2 * quietZone) * moduleSize;
  const width = options.canvas?.width ?? side;
  const height = options.canvas?.height ?? side;
  assertImageSize(width, height, 'QR canvas');
  if (width < side || height < side) throw new OpticalError('BAD_ARGUMENT', `a ${side}px symbol does not fit a ${width}x${height} canvas`);
  const image = greyImage(width, height, LIGHT);
  const x0 = ((width - side) >> 1) + quietZone * moduleSize;
  const y0 = ((height - side) >> 1) + quietZone * moduleSize;
  const { size, modules } = matrix;
  const data = image.data;
  for (let my = 0; my < size; my++) {
    const rowStart = (y0 + my * moduleSize) * width + x0;
    // Draw one pixel row of this module row, then copy it down moduleSize - 1 times.
    for (let mx = 0; mx < size; mx++) {
      if (modules[my * size + mx] === 1) data.fill(DARK, rowStart + mx * moduleSize, rowStart + (mx + 1) * moduleSize);
    }
    const row = data.subarray(rowStart, rowStart + size * moduleSize);
    for (let k = 1; k < moduleSize; k++) data.set(row, rowStart + k * width);
  }
  return image;
}

/** The largest whole-pixel module size that fits the symbol and its quiet zone in a box. */
export function fitModuleSize(matrixSize: number, box: { readonly width: number; readonly height: number }, quietZone = 4): number {
  const modules = matrixSize + 2 * quietZone;
  return Math.max(1, Math.floor(Math.min(box.width, box.height) / modules));
}
