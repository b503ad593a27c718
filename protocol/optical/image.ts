/**
 * The two pixel layouts the optical link handles: 8-bit grey (what QR decoding needs) and
 * RGBA (what a browser canvas gives). Sizes are bounded before any buffer is allocated,
 * because image headers come from files and frames an attacker may have made.
 */
import { OpticalError } from './errors.ts';

export interface GreyImage {
  readonly width: number;
  readonly height: number;
  /** width * height bytes, row-major, 0 = black. */
  readonly data: Uint8Array;
}

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes, row-major, R G B A. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** Largest image accepted from a file or a camera: 8K UHD. */
export const MAX_IMAGE_PIXELS = 7680 * 4320;

export function assertImageSize(width: number, height: number, what = 'image'): void {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1) {
    throw new OpticalError('BAD_ARGUMENT', `${what} size ${width}x${height} is not a positive integer size`);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new OpticalError('IMAGE_TOO_LARGE', `${what} of ${width}x${height} pixels exceeds the limit of ${MAX_IMAGE_PIXELS}`);
  }
}

export function greyImage(width: number, height: number, fill = 0): GreyImage {
  assertImageSize(width, height);
  const data = new Uint8Array(width * height);
  if (fill !== 0) data.fill(fill);
  return { width, height, data };
}

/** Luma from RGBA with integer BT.601 weights (the same weights zxing and jsqr use, near enough). */
export function rgbaToGrey(image: RgbaImage, out?: Uint8Array): GreyImage {
  const { width, height, data } = image;
  assertImageSize(width, height);
  const n = width * height;
  if (data.length < n * 4) throw new OpticalError('BAD_ARGUMENT', `RGBA data has ${data.length} bytes, ${width}x${height} needs ${n * 4}`);
  const grey = out !== undefined && out.length >= n ? out.subarray(0, n) : new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    grey[i] = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29 + 128) >> 8;
  }
  return { width, height, data: grey };
}

/** Grey to opaque RGBA, for canvases and for decoders that only take RGBA. */
export function greyToRgba(image: GreyImage, out?: Uint8ClampedArray): RgbaImage {
  const n = image.width * image.height;
  const rgba = out !== undefined && out.length >= n * 4 ? out : new Uint8ClampedArray(n * 4);
  const src = image.data;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const v = src[i]!;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  return { width: image.width, height: image.height, data: rgba };
}

export function isRgba(image: GreyImage | RgbaImage): boolean {
  return image.data.length >= image.width * image.height * 4;
}

/** Accepts either layout; grey passes through untouched. */
export function toGrey(image: GreyImage | RgbaImage): GreyImage {
  return isRgba(image) ? rgbaToGrey(image) : (image as GreyImage);
}
