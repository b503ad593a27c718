/**
 * Writes an 8-bit greyscale PNG. Pure (fflate for deflate), so the offline signer writes the
 * same bytes as the online side without a native zlib.
 */
import { zlibSync } from 'fflate';
import { writeU32BE } from '../bytes.ts';
import { concatBytes } from '../bytes.ts';
import { crc32 } from '../crc32.ts';
import { assertImageSize } from './image.ts';
import type { GreyImage } from './image.ts';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One PNG chunk: length, type, body, and the CRC-32 of type and body. */
export function pngChunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  writeU32BE(out, 0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  writeU32BE(out, 8 + body.length, crc32(out, 4, 8 + body.length));
  return out;
}

export interface PngEncodeOptions {
  /** Deflate level 0..9 (default 6). QR frames compress well at any level. */
  readonly level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

export function encodePng(image: GreyImage, options: PngEncodeOptions = {}): Uint8Array {
  const { width, height, data } = image;
  assertImageSize(width, height);
  const header = new Uint8Array(13);
  writeU32BE(header, 0, width);
  writeU32BE(header, 4, height);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: greyscale
  // compression, filter method and interlace are all 0.
  // Filter type 0 (none) on every row: QR rows are long runs, which deflate already handles.
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const idat = zlibSync(raw, { level: options.level ?? 6 });
  return concatBytes(SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0)));
}
