/**
 * YUV4MPEG2 (y4m) stream headers: the plain video format Chromium's fake camera plays and
 * ffmpeg reads and writes. Only the luma plane matters to QR decoding; chroma is written as
 * neutral grey and skipped on reading.
 */
import { OpticalError } from './errors.ts';
import { MAX_IMAGE_PIXELS } from './image.ts';

export type Y4mColourspace = '420jpeg' | '420paldv' | '420mpeg2' | '420' | '422' | '444' | 'mono';

export interface Y4mInfo {
  readonly width: number;
  readonly height: number;
  /** Frame rate as a fraction (F30:1). */
  readonly fpsNum: number;
  readonly fpsDen: number;
  readonly colourspace: Y4mColourspace;
}

export const Y4M_MAGIC = 'YUV4MPEG2';
/** Longest stream or frame header line accepted. */
export const Y4M_MAX_HEADER = 1024;

const COLOURSPACES: readonly Y4mColourspace[] = ['420jpeg', '420paldv', '420mpeg2', '420', '422', '444', 'mono'];

/** Bytes of one frame's planes (without the FRAME line). */
export function y4mFrameBytes(info: Pick<Y4mInfo, 'width' | 'height' | 'colourspace'>): number {
  const { width: w, height: h } = info;
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  switch (info.colourspace) {
    case 'mono': return w * h;
    case '444': return 3 * w * h;
    case '422': return w * h + 2 * cw * h;
    default: return w * h + 2 * cw * ch;
  }
}

export function formatY4mHeader(info: Y4mInfo): string {
  return `${Y4M_MAGIC} W${info.width} H${info.height} F${info.fpsNum}:${info.fpsDen} Ip A1:1 C${info.colourspace}\n`;
}

function bad(message: string): OpticalError {
  return new OpticalError('BAD_Y4M', message);
}

/** Parses the stream header line (without its newline). */
export function parseY4mHeader(line: string, maxPixels = MAX_IMAGE_PIXELS): Y4mInfo {
  const tokens = line.split(' ');
  if (tokens[0] !== Y4M_MAGIC) throw bad('not a y4m stream (bad magic)');
  let width = 0;
  let height = 0;
  let fpsNum = 25;
  let fpsDen = 1;
  let colourspace: Y4mColourspace = '420jpeg';
  for (const token of tokens.slice(1)) {
    const value = token.slice(1);
    switch (token[0]) {
      case 'W': width = /^\d{1,5}$/.test(value) ? Number(value) : 0; break;
      case 'H': height = /^\d{1,5}$/.test(value) ? Number(value) : 0; break;
      case 'F': {
        const m = /^(\d{1,6}):(\d{1,6})$/.exec(value);
        if (m === null || Number(m[1]) === 0 || Number(m[2]) === 0) throw bad(`bad frame rate "${value}"`);
        fpsNum = Number(m[1]);
        fpsDen = Number(m[2]);
        break;
      }
      case 'C':
        if (!COLOURSPACES.includes(value as Y4mColourspace)) throw new OpticalError('UNSUPPORTED', `y4m colourspace "${value}" is not supported (8-bit 4:2:0, 4:2:2, 4:4:4 or mono only)`);
        colourspace = value as Y4mColourspace;
        break;
      default: // interlacing, aspect ratio and X extensions do not matter for luma
    }
  }
  if (width === 0 || height === 0) throw bad('y4m header lacks a valid width or height');
  if (width * height > maxPixels) throw new OpticalError('IMAGE_TOO_LARGE', `y4m frames of ${width}x${height} exceed the limit of ${maxPixels} pixels`);
  return { width, height, fpsNum, fpsDen, colourspace };
}
