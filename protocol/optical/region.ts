/**
 * Where to look next: a camera held up to a screen barely moves between frames, and every frame
 * of a stream is the same QR version at the same place, so the symbol found in one frame tells
 * the scanner which rectangle of the next to search and how far it can be downscaled.
 */
import type { Rect } from './pixels.ts';
import { qrModules } from './qr-presets.ts';
import type { Quad } from './zxing.ts';

export interface Track {
  /** The rectangle to search, in frame pixels. */
  readonly rect: Rect;
  /** Downscale factor (quarter steps) that still leaves enough pixels per module. */
  readonly factor: number;
  /** Camera pixels per QR module, as last seen. */
  readonly modulePx: number;
}

/** Pixels per module the decoder needs after downscaling, with margin for blur and tilt. */
const MIN_MODULE_PX = 3.2;

/** Beyond this the symbol is so large that the decode costs little anyway. */
const MAX_FACTOR = 4;

export function trackFromQuad(q: Quad, version: number, frame: { width: number; height: number }): Track {
  const xs = [q.topLeft.x, q.topRight.x, q.bottomRight.x, q.bottomLeft.x];
  const ys = [q.topLeft.y, q.topRight.y, q.bottomRight.y, q.bottomLeft.y];
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const side = Math.max(x1 - x0, y1 - y0, 1);
  const modulePx = side / qrModules(version >= 1 ? version : 10);
  // Room for the quiet zone (the decoder wants some light margin) and for a little movement.
  const margin = Math.max(0.08 * side, 6 * modulePx, 12);
  const left = Math.max(0, Math.floor(x0 - margin));
  const top = Math.max(0, Math.floor(y0 - margin));
  const right = Math.min(frame.width, Math.ceil(x1 + margin));
  const bottom = Math.min(frame.height, Math.ceil(y1 + margin));
  // In quarter steps: whole factors keep the box-averaging paths, the rest sample the nearest pixel.
  const factor = Math.max(1, Math.min(MAX_FACTOR, Math.floor((4 * modulePx) / MIN_MODULE_PX) / 4));
  return { rect: { x: left, y: top, width: right - left, height: bottom - top }, factor, modulePx };
}

/** One region around several codes' tracks, at the finest of their scales. */
export function unionTrack(tracks: readonly Track[]): Track {
  const x0 = Math.min(...tracks.map((t) => t.rect.x));
  const y0 = Math.min(...tracks.map((t) => t.rect.y));
  const x1 = Math.max(...tracks.map((t) => t.rect.x + t.rect.width));
  const y1 = Math.max(...tracks.map((t) => t.rect.y + t.rect.height));
  return {
    rect: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
    factor: Math.min(...tracks.map((t) => t.factor)),
    modulePx: Math.min(...tracks.map((t) => t.modulePx)),
  };
}

/** Maps a quad found in a region copy (downscaled by factor) back to frame pixels. */
export function quadToFrame(q: Quad, rect: Rect, factor: number): Quad {
  const map = (p: { x: number; y: number }) => ({ x: rect.x + p.x * factor, y: rect.y + p.y * factor });
  return { topLeft: map(q.topLeft), topRight: map(q.topRight), bottomRight: map(q.bottomRight), bottomLeft: map(q.bottomLeft) };
}
