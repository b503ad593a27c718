/**
 * One simulated camera capture: the screen seen through the pose's perspective, each sensor
 * row integrating whatever frames were shown during its exposure (rolling shutter: a frame
 * change mid-exposure blends two frames, with a share that drifts down the image), then lens
 * blur, exposure gain, sensor noise and the response curve.
 */
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
  for (let y = y0; y <= y1; y++) {
    const parts = input.rowBlend(y);
    const srcs = parts.map((p) => input.frame(p.frame).data);
    const weights = parts.map((p) => p.weight * span);
    const cy = y + 0.5;
    let nx = h[0]! * (x0 + 0.5) + h[1]! * cy + h[2]!;
    let ny = h[3]! * (x0 + 0.5) + h[4]! * cy + h[5]!;
    let nw = h[6]! * (x0 + 0.5) + h[7]! * cy + h[8]!;
    for (let x = x0; x <= x1; x++, nx += h[0]!, ny += h[3]!, nw += h[6]!) {
      const sx = nx / nw - 0.5;
      const sy = ny / nw - 0.5;
      if (sx < -0.5 || sy < -0.5 || sx > sw - 0.5 || sy > sh - 0.5) continue;
      let v = 0;
      if (cam.nearest) {
        const i = Math.min(sh - 1, Math.round(sy)) * sw + Math.min(sw - 1, Math.round(sx));
        for (let k = 0; k < srcs.length; k++) v += weights[k]! * srcs[k]![i]!;
      } else {
        const ix = Math.max(0, Math.min(sw - 2, Math.floor(sx)));
        const iy = Math.max(0, Math.min(sh - 2, Math.floor(sy)));
        const fx = Math.min(1, Math.max(0, sx - ix));
        const fy = Math.min(1, Math.max(0, sy - iy));
        const i = iy * sw + ix;
        for (let k = 0; k < srcs.length; k++) {
          const s = srcs[k]!;
          const top = s[i]! + fx * (s[i + 1]! - s[i]!);
          const bottom = s[i + sw]! + fx * (s[i + sw + 1]! - s[i + sw]!);
          v += weights[k]! * (top + fy * (bottom - top));
        }
      }
      light[y * W + x] = black + v;
    }
  }
  gaussianBlur(light, W, H, cam.blurSigma);
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
