/**
 * One simulated camera capture: the screen seen through the pose's perspective, each sensor
 * row integrating whatever frames were shown during its exposure (rolling shutter: a frame
 * change mid-exposure blends two frames, with a share that drifts down the image), then lens
 * blur, exposure gain, sensor noise and the response curve.
 */
import { OpticalError } from '../../../protocol/optical/index.ts';
import type { GreyImage } from '../../../protocol/optical/index.ts';
import { gaussianBlur } from './blur.ts';
import type { CameraOptions } from './camera-model.ts';
import { homographyFrom } from './homography.ts';
import type { Vec2 } from './homography.ts';
import type { BlendPart } from './timeline.ts';

export interface CaptureInput {
  readonly camera: CameraOptions;
  /** Camera-pixel corners (TL, TR, BR, BL) of the displayed image. */
  readonly corners: readonly Vec2[];
  /** The frames and weights each sensor row integrates. */
  readonly rowBlend: (row: number) => readonly BlendPart[];
  readonly frame: (index: number) => GreyImage;
  /** This capture's exposure gain. */
  readonly gain: number;
  /** Standard normal samples and a seed to walk them with (the noise of this capture). */
  readonly noise: Float32Array;
  readonly noiseSeed: number;
}

export function renderCapture(input: CaptureInput): GreyImage {
  const { camera: cam } = input;
  const W = cam.width;
  const H = cam.height;
  const light = new Float32Array(W * H).fill(cam.background);
  const first = input.frame(input.rowBlend(0)[0]?.frame ?? 0);
  const sw = first.width;
  const sh = first.height;
  // Camera pixel centre -> source pixel centre.
  const h = homographyFrom(input.corners, [[0, 0], [sw, 0], [sw, sh], [0, sh]]);
  const xs = input.corners.map((c) => c[0]);
  const ys = input.corners.map((c) => c[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(W - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(H - 1, Math.ceil(Math.max(...ys)));
  const black = cam.screenBlack;
  const span = (cam.screenWhite - cam.screenBlack) / 255;
  const nearest = cam.nearest;
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as [number, number, number, number, number, number, number, number, number];
  for (let y = y0; y <= y1; y++) {
    const parts = input.rowBlend(y);
    for (const p of parts) {
      const f = input.frame(p.frame);
      if (f.width !== sw || f.height !== sh) throw new OpticalError('BAD_ARGUMENT', `displayed frames differ in size (${f.width}x${f.height}, ${sw}x${sh}): show frames of one size`);
    }
    // Most rows see one frame; a row straddling a frame change sees two (rarely three).
    const a = input.frame(parts[0]!.frame).data;
    const wa = parts[0]!.weight * span;
    const b = parts.length > 1 ? input.frame(parts[1]!.frame).data : a;
    const wb = parts.length > 1 ? parts[1]!.weight * span : 0;
    const c = parts.length > 2 ? input.frame(parts[2]!.frame).data : a;
    const wc = parts.length > 2 ? parts[2]!.weight * span : 0;
    const cy = y + 0.5;
    let nx = h0 * (x0 + 0.5) + h1 * cy + h2;
    let ny = h3 * (x0 + 0.5) + h4 * cy + h5;
    let nw = h6 * (x0 + 0.5) + h7 * cy + h8;
    let o = y * W + x0;
    for (let x = x0; x <= x1; x++, nx += h0, ny += h3, nw += h6, o++) {
      const inv = 1 / nw;
      const sx = nx * inv - 0.5;
      const sy = ny * inv - 0.5;
      if (sx < -0.5 || sy < -0.5 || sx > sw - 0.5 || sy > sh - 0.5) continue;
      let v: number;
      if (nearest) {
        const i = Math.min(sh - 1, (sy + 0.5) | 0) * sw + Math.min(sw - 1, (sx + 0.5) | 0);
        v = wa * a[i]! + wb * b[i]! + wc * c[i]!;
      } else {
        const ix = sx <= 0 ? 0 : sx >= sw - 2 ? sw - 2 : sx | 0;
        const iy = sy <= 0 ? 0 : sy >= sh - 2 ? sh - 2 : sy | 0;
        const fx = sx - ix < 0 ? 0 : sx - ix > 1 ? 1 : sx - ix;
        const fy = sy - iy < 0 ? 0 : sy - iy > 1 ? 1 : sy - iy;
        const i = iy * sw + ix;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        v = wa * (w00 * a[i]! + w01 * a[i + 1]! + w10 * a[i + sw]! + w11 * a[i + sw + 1]!);
        if (wb !== 0) v += wb * (w00 * b[i]! + w01 * b[i + 1]! + w10 * b[i + sw]! + w11 * b[i + sw + 1]!);
        if (wc !== 0) v += wc * (w00 * c[i]! + w01 * c[i + 1]! + w10 * c[i + sw]! + w11 * c[i + sw + 1]!);
      }
      light[o] = black + v;
    }
  }
  // Blur only around the screen image (plus the kernel's reach): the rest is flat background.
  const reach = Math.ceil(3 * cam.blurSigma) + 2;
  gaussianBlur(light, W, H, cam.blurSigma, { x: x0 - reach, y: y0 - reach, width: x1 - x0 + 1 + 2 * reach, height: y1 - y0 + 1 + 2 * reach });
  return sensorResponse(light, input);
}

/** Gain, noise, response curve and 8-bit quantisation. */
function sensorResponse(light: Float32Array, input: CaptureInput): GreyImage {
  const { camera: cam, gain, noise } = input;
  const curve = new Uint8Array(256);
  for (let i = 0; i < 256; i++) curve[i] = Math.round(255 * Math.pow(i / 255, 1 / cam.gamma));
  const out = new Uint8Array(light.length);
  const mask = noise.length - 1; // noise.length is a power of two
  let s = input.noiseSeed | 1;
  const sigma = cam.noiseSigma;
  for (let i = 0; i < light.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const v = light[i]! * gain + sigma * noise[s & mask]!;
    out[i] = curve[v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v)]!;
  }
  return { width: cam.width, height: cam.height, data: out };
}
