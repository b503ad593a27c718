/**
 * Several frame payloads in one displayed picture: N codes (1, 2 or 4) side by side, each an
 * independent frame, all at the same version, level and whole-pixel module size. The box is
 * cut into a grid (2 codes: two columns on a wide box, two rows on a tall one; 4 codes: 2x2)
 * and each code gets its quiet zone inside its cell, so the decoders see N separate symbols.
 */
import { OpticalError } from './errors.ts';
import { assertImageSize, greyImage } from './image.ts';
import type { GreyImage } from './image.ts';
import type { FrameLayout } from './frame-image.ts';
import { FIT_720 } from './frame-image.ts';
import { fitModuleSize, rasterizeQr } from './rasterize.ts';
import { renderQrMatrix } from './qr-matrix.ts';
import type { QrSymbolSpec } from './qr-presets.ts';
import { qrModules } from './qr-presets.ts';

/** Codes a displayed frame can carry. */
export const CODES_PER_FRAME_CHOICES: readonly number[] = [1, 2, 4];

/**
 * Codes a picture when none is chosen, from the measurements in docs/bench/optical-codes.md: 4
 * codes at the default density (high, version 25-L) in a 2x2 grid, at 10 pictures a second,
 * recovered every message in every trial through the simulated webcam's typical and low-light
 * profiles, about 50 KB/s typical against 17 KB/s for one dense code. Each code is half the size
 * of a single one: in the harsh profile, or with the picture at 60% of the frame height, they were
 * not read, and one code (the page's choice, --codes 1) is the way (docs/optical-link.md).
 */
export const DEFAULT_CODES_PER_FRAME = 4;

/** The most codes a displayed frame carries: a receiver, not told how many, looks for this many. */
export const MAX_CODES_PER_FRAME = 4;

/** Columns and rows of the grid for n codes in a box of this shape. */
/** Whether n is a count of codes a picture can carry. */
export function isCodesPerFrame(n: number): boolean {
  return CODES_PER_FRAME_CHOICES.includes(n);
}

export function codeGrid(n: number, box: { readonly width: number; readonly height: number }): { cols: number; rows: number } {
  if (!CODES_PER_FRAME_CHOICES.includes(n)) throw new OpticalError('BAD_ARGUMENT', `codes per frame must be one of ${CODES_PER_FRAME_CHOICES.join(', ')}, not ${n}`);
  if (n === 1) return { cols: 1, rows: 1 };
  if (n === 4) return { cols: 2, rows: 2 };
  return box.width >= box.height ? { cols: 2, rows: 1 } : { cols: 1, rows: 2 };
}

/** cells: the grid drawn (default one cell a payload); a last picture of a stream may leave cells empty. */
export function multiFrameImage(payloads: readonly Uint8Array[], symbol: QrSymbolSpec, layout: FrameLayout = FIT_720, cells = payloads.length): GreyImage {
  const { cols, rows } = codeGrid(cells, layout);
  if (payloads.length < 1 || payloads.length > cells) throw new OpticalError('BAD_ARGUMENT', `${payloads.length} codes do not fill a grid of ${cells}`);
  const quietZone = layout.quietZone ?? 4;
  const cell = { width: Math.floor(layout.width / cols), height: Math.floor(layout.height / rows) };
  const moduleSize = fitModuleSize(qrModules(symbol.version), cell, quietZone);
  const codes = payloads.map((p) => rasterizeQr(renderQrMatrix(p, symbol), { moduleSize, quietZone }));
  const side = codes[0]!.width;
  const gridWidth = cols * side;
  const gridHeight = rows * side;
  const width = layout.fit === 'box' ? layout.width : gridWidth;
  const height = layout.fit === 'box' ? layout.height : gridHeight;
  assertImageSize(width, height, 'QR canvas');
  if (width < gridWidth || height < gridHeight) throw new OpticalError('BAD_ARGUMENT', `${payloads.length} codes of ${side}px do not fit a ${width}x${height} canvas`);
  const image = greyImage(width, height, 255);
  const x0 = (width - gridWidth) >> 1;
  const y0 = (height - gridHeight) >> 1;
  codes.forEach((code, i) => {
    const cx = x0 + (i % cols) * side;
    const cy = y0 + Math.floor(i / cols) * side;
    for (let y = 0; y < side; y++) image.data.set(code.data.subarray(y * side, (y + 1) * side), (cy + y) * width + cx);
  });
  return image;
}
