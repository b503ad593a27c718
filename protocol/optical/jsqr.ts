/**
 * The pure-JavaScript fallback decoder (jsQR): slower by far, but needs no wasm, so a page
 * that cannot load the wasm still scans.
 */
import jsQRModule from 'jsqr';
import type { QRCode } from 'jsqr';
import type { GreyImage } from './image.ts';
import { greyToRgba } from './image.ts';
import type { Detection } from './zxing.ts';

type JsQr = (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' }) => QRCode | null;

// The package is CommonJS with a `default` alias; take whichever the loader hands us.
const jsQR: JsQr = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

export function decodeWithJsqr(image: GreyImage, rgba?: Uint8ClampedArray): Detection | undefined {
  const pixels = greyToRgba(image, rgba).data as Uint8ClampedArray;
  const found = jsQR(pixels, image.width, image.height, { inversionAttempts: 'dontInvert' });
  if (found === null) return undefined;
  const l = found.location;
  return {
    bytes: Uint8Array.from(found.binaryData),
    corners: { topLeft: l.topLeftCorner, topRight: l.topRightCorner, bottomRight: l.bottomRightCorner, bottomLeft: l.bottomLeftCorner },
    version: found.version,
  };
}
