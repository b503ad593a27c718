/**
 * Reads any standard PNG (every colour type and bit depth, Adam7 or not) as an 8-bit grey
 * image. Pure and bounded: the pixel count, and the bytes of samples the header implies (pixels
 * times bits per pixel, so a 16-bit image counts double), are checked against caps before
 * anything is inflated; the image data is then inflated a little at a time (no further than the
 * last row: a deflate bomb behind a small header costs a few MiB) and turned into grey row by row, so nothing of the full decoded size is ever held but the grey image itself (a
 * 7680x4320 16-bit RGBA picture would otherwise take 265 MB of rows). Every chunk's length and
 * CRC is checked. Transparency is composited over white (a QR code's light background).
 */
import { Unzlib } from 'fflate';
import { readU32BE } from '../bytes.ts';
import { crc32 } from '../crc32.ts';
import { OpticalError } from './errors.ts';
import { MAX_IMAGE_PIXELS } from './image.ts';
import type { GreyImage } from './image.ts';

export interface PngDecodeOptions {
  /** Refuse images with more pixels than this (default MAX_IMAGE_PIXELS). */
  readonly maxPixels?: number;
  /** Refuse images whose samples (rows as stored, before grey) exceed this (default MAX_PNG_SAMPLE_BYTES). */
  readonly maxSampleBytes?: number;
}

/**
 * The sample bytes a PNG may declare: an 8-bit RGBA picture of MAX_IMAGE_PIXELS. A 16-bit RGB or
 * RGBA picture is taken up to half that many pixels (a 4K one, not an 8K one). Inflating is
 * streamed, so this bounds the time spent inflating, not the memory.
 */
export const MAX_PNG_SAMPLE_BYTES = MAX_IMAGE_PIXELS * 4;

/** fflate inflates each pushed piece in full: 4 KiB in makes at most about 4 MiB out (deflate expands at most 1032:1). */
const INFLATE_PIECE = 4096;

interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7 passes: x0, y0, dx, dy. */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

function bad(message: string, cause?: unknown): OpticalError {
  return new OpticalError('BAD_PNG', message, { cause });
}

function isPngSignature(bytes: Uint8Array): boolean {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length >= 8 && sig.every((b, i) => bytes[i] === b);
}

interface HeaderLimits {
  readonly maxPixels: number;
  readonly maxSampleBytes: number;
}

function parseHeader(body: Uint8Array, limits: HeaderLimits): Header {
  if (body.length !== 13) throw bad(`IHDR has ${body.length} bytes, expected 13`);
  const width = readU32BE(body, 0);
  const height = readU32BE(body, 4);
  const bitDepth = body[8]!;
  const colourType = body[9]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) throw bad(`bad image size ${width}x${height}`);
  if (width * height > limits.maxPixels) throw new OpticalError('IMAGE_TOO_LARGE', `PNG of ${width}x${height} pixels exceeds the limit of ${limits.maxPixels}`);
  if (DEPTHS[colourType]?.includes(bitDepth) !== true) throw bad(`bad colour type ${colourType} with bit depth ${bitDepth}`);
  const sampleBytes = Math.ceil((width * CHANNELS[colourType]! * bitDepth) / 8) * height;
  if (sampleBytes > limits.maxSampleBytes) {
    throw new OpticalError('IMAGE_TOO_LARGE', `PNG of ${width}x${height} pixels at ${bitDepth} bits per sample is ${sampleBytes} bytes of samples, more than the limit of ${limits.maxSampleBytes}`);
  }
  if (body[10] !== 0 || body[11] !== 0) throw bad('unknown compression or filter method');
  if (body[12]! > 1) throw bad(`unknown interlace method ${body[12]}`);
  return { width, height, bitDepth, colourType, interlaced: body[12] === 1 };
}

interface Chunks {
  header: Header;
  /** The IDAT bodies, views into the file (not copied). */
  idat: Uint8Array[];
  /** Palette as grey levels already composited over white. */
  paletteGrey?: Uint8Array;
}

function readChunks(bytes: Uint8Array, limits: HeaderLimits): Chunks {
  if (!isPngSignature(bytes)) throw bad('not a PNG (bad signature)');
  let at = 8;
  let header: Header | undefined;
  let palette: Uint8Array | undefined;
  let alpha: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  for (;;) {
    if (at + 12 > bytes.length) throw bad('truncated: no IEND chunk');
    const length = readU32BE(bytes, at);
    if (length > 0x7fffffff || at + 12 + length > bytes.length) throw bad(`truncated chunk at byte ${at}`);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes, at + 4, at + 8 + length) !== readU32BE(bytes, at + 8 + length)) throw bad(`bad CRC in ${type} chunk`);
    at += 12 + length;
    if (header === undefined) {
      if (type !== 'IHDR') throw bad('first chunk is not IHDR');
      header = parseHeader(body, limits);
    } else if (type === 'PLTE') {
      if (length % 3 !== 0 || length > 768 || length === 0) throw bad(`bad PLTE length ${length}`);
      palette = body;
    } else if (type === 'tRNS') {
      alpha = body;
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (header.colourType !== 3) return { header, idat };
  if (palette === undefined) throw bad('indexed PNG without a PLTE chunk');
  const paletteGrey = new Uint8Array(256); // entries past the palette stay black
  for (let i = 0; i < palette.length / 3; i++) {
    const luma = (palette[3 * i]! * 77 + palette[3 * i + 1]! * 150 + palette[3 * i + 2]! * 29 + 128) >> 8;
    const a = alpha !== undefined && i < alpha.length ? alpha[i]! : 255;
    paletteGrey[i] = (luma * a + 255 * (255 - a) + 127) / 255;
  }
  return { header, idat, paletteGrey };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes one row's filter in place; `prev` is the previous unfiltered row (zeros for the first). */
function unfilter(kind: number, row: Uint8Array, prev: Uint8Array, bpp: number): void {
  const n = row.length;
  switch (kind) {
    case 0:
      return;
    case 1:
      for (let i = bpp; i < n; i++) row[i] = row[i]! + row[i - bpp]!;
      return;
    case 2:
      for (let i = 0; i < n; i++) row[i] = row[i]! + prev[i]!;
      return;
    case 3:
      for (let i = 0; i < n; i++) row[i] = row[i]! + (((i >= bpp ? row[i - bpp]! : 0) + prev[i]!) >> 1);
      return;
    case 4:
      for (let i = 0; i < n; i++) row[i] = row[i]! + paeth(i >= bpp ? row[i - bpp]! : 0, prev[i]!, i >= bpp ? prev[i - bpp]! : 0);
      return;
    default:
      throw bad(`unknown row filter ${kind}`);
  }
}

function overWhite(v: number, a: number): number {
  return (v * a + 255 * (255 - a) + 127) / 255;
}

/** Grey value of pixel i of an unfiltered row. */
function makeSampler(h: Header, paletteGrey: Uint8Array | undefined): (row: Uint8Array, i: number) => number {
  const { bitDepth: d, colourType: t } = h;
  const step = d === 16 ? 2 : 1; // 16-bit samples: the high byte is enough for grey
  const luma = (r: number, g: number, b: number) => (r * 77 + g * 150 + b * 29 + 128) >> 8;
  if (d < 8) {
    const mask = (1 << d) - 1;
    const scale = 255 / mask;
    const sample = (row: Uint8Array, i: number) => (row[(i * d) >> 3]! >> (8 - d - ((i * d) & 7))) & mask;
    return t === 3 ? (row, i) => paletteGrey![sample(row, i)]! : (row, i) => Math.round(sample(row, i) * scale);
  }
  switch (t) {
    case 0: return (row, i) => row[i * step]!;
    case 3: return (row, i) => paletteGrey![row[i]!]!;
    case 2: return (row, i) => luma(row[3 * i * step]!, row[(3 * i + 1) * step]!, row[(3 * i + 2) * step]!);
    case 4: return (row, i) => overWhite(row[2 * i * step]!, row[(2 * i + 1) * step]!);
    default: return (row, i) => overWhite(luma(row[4 * i * step]!, row[(4 * i + 1) * step]!, row[(4 * i + 2) * step]!), row[(4 * i + 3) * step]!);
  }
}

interface Pass {
  readonly x0: number;
  readonly y0: number;
  readonly dx: number;
  readonly dy: number;
  readonly w: number;
  readonly rows: number;
  readonly rowBytes: number;
}

function passesOf(h: Header, bitsPerPixel: number): Pass[] {
  return (h.interlaced ? ADAM7 : [[0, 0, 1, 1] as const]).map(([x0, y0, dx, dy]) => {
    const w = Math.max(0, Math.ceil((h.width - x0) / dx));
    const rows = Math.max(0, Math.ceil((h.height - y0) / dy));
    return { x0, y0, dx, dy, w, rows, rowBytes: Math.ceil((w * bitsPerPixel) / 8) };
  }).filter((p) => p.w > 0 && p.rows > 0);
}

/**
 * Takes the inflated image data piece by piece and writes grey pixels as each row completes,
 * holding two rows of the current pass (this one and the one above, which the filters need).
 */
class RowWriter {
  readonly #passes: Pass[];
  readonly #out: Uint8Array;
  readonly #width: number;
  readonly #bpp: number;
  readonly #grey: (row: Uint8Array, i: number) => number;
  #pass = 0;
  #y = 0;
  #row: Uint8Array;
  #prev: Uint8Array;
  #filled = 0;

  constructor(h: Header, passes: Pass[], bpp: number, grey: (row: Uint8Array, i: number) => number, out: Uint8Array) {
    this.#passes = passes;
    this.#out = out;
    this.#width = h.width;
    this.#bpp = bpp;
    this.#grey = grey;
    const widest = Math.max(...passes.map((p) => p.rowBytes));
    this.#row = new Uint8Array(1 + widest);
    this.#prev = new Uint8Array(1 + widest);
  }

  get done(): boolean {
    return this.#pass >= this.#passes.length;
  }

  write(data: Uint8Array): void {
    let at = 0;
    while (at < data.length) {
      const p = this.#passes[this.#pass];
      if (p === undefined) return; // data past the last row is ignored (and no more is inflated)
      const take = Math.min(1 + p.rowBytes - this.#filled, data.length - at);
      this.#row.set(data.subarray(at, at + take), this.#filled);
      this.#filled += take;
      at += take;
      if (this.#filled === 1 + p.rowBytes) this.#finishRow(p);
    }
  }

  #finishRow(p: Pass): void {
    const row = this.#row.subarray(1, 1 + p.rowBytes);
    unfilter(this.#row[0]!, row, this.#prev.subarray(1, 1 + p.rowBytes), this.#bpp);
    const base = (p.y0 + this.#y * p.dy) * this.#width + p.x0;
    for (let x = 0; x < p.w; x++) this.#out[base + x * p.dx] = this.#grey(row, x);
    [this.#row, this.#prev] = [this.#prev, this.#row];
    this.#filled = 0;
    if (++this.#y === p.rows) {
      this.#pass++;
      this.#y = 0;
      this.#prev.fill(0); // each pass starts with a row of zeros above it
    }
  }
}

export function decodePng(bytes: Uint8Array, options: PngDecodeOptions = {}): GreyImage {
  const limits = { maxPixels: options.maxPixels ?? MAX_IMAGE_PIXELS, maxSampleBytes: options.maxSampleBytes ?? MAX_PNG_SAMPLE_BYTES };
  const { header: h, idat, paletteGrey } = readChunks(bytes, limits);
  const bitsPerPixel = CHANNELS[h.colourType]! * h.bitDepth;
  const out = new Uint8Array(h.width * h.height);
  const rows = new RowWriter(h, passesOf(h, bitsPerPixel), Math.max(1, bitsPerPixel >> 3), makeSampler(h, paletteGrey), out);
  const inflater = new Unzlib((data) => rows.write(data));
  try {
    const last = idat.length - 1;
    for (let n = 0; n <= last && !rows.done; n++) {
      const part = idat[n]!;
      if (part.length === 0 && n === last) inflater.push(part, true);
      for (let at = 0; at < part.length && !rows.done; at += INFLATE_PIECE) {
        inflater.push(part.subarray(at, at + INFLATE_PIECE), n === last && at + INFLATE_PIECE >= part.length);
      }
    }
  } catch (cause) {
    if (cause instanceof OpticalError) throw cause;
    throw bad('image data does not inflate', cause);
  }
  if (!rows.done) throw bad('image data ends before the last row the header needs');
  return { width: h.width, height: h.height, data: out };
}

export { isPngSignature };
