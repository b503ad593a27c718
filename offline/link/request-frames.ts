/**
 * The frames of a request, from whatever the operator points --in at: a directory of frame files
 * (.bin, as `airsign frames encode --format bin` writes them), a directory of QR pictures (.png),
 * or a y4m video of the screen (a camera recording). Each source bounds what it reads itself.
 */
import { readdirSync } from 'node:fs';
import { FRAME_FILE_FORMATS } from '../../node/frames/index.ts';
import type { PayloadItem } from '../../protocol/optical/index.ts';
import { SignerError } from '../errors.ts';

export function isY4mPath(path: string): boolean {
  return path.toLowerCase().endsWith('.y4m');
}

/** A directory of pictures holds .png files and no .bin frame files. */
function holdsPictures(dir: string): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (cause) {
    throw new SignerError('IO', `cannot read the directory ${dir}`, { cause });
  }
  return !names.some((n) => n.endsWith('.bin')) && names.some((n) => n.toLowerCase().endsWith('.png'));
}

export function requestFrameItems(path: string, isDirectory: boolean): AsyncIterable<PayloadItem> {
  return FRAME_FILE_FORMATS[!isDirectory ? 'y4m' : holdsPictures(path) ? 'png' : 'bin'].readFrames(path);
}
