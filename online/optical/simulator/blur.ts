import type { Rect } from '../../../protocol/optical/index.ts';

/**
 * Separable Gaussian blur of a float image (the lens's softness), limited to `area` (the rest
 * of the frame is flat, and blurring flat changes nothing). Both passes walk memory in row
 * order (the vertical pass sums whole rows), which keeps it fast on 1280x720.
 */
export function gaussianBlur(image: Float32Array, fullWidth: number, fullHeight: number, sigma: number, area?: Rect): Float32Array {
  if (sigma <= 0.05) return image;
  const a = area ?? { x: 0, y: 0, width: fullWidth, height: fullHeight };
  const ax = Math.max(0, a.x);
  const ay = Math.max(0, a.y);
  const width = Math.min(fullWidth, a.x + a.width) - ax;
  const height = Math.min(fullHeight, a.y + a.height) - ay;
  if (width <= 0 || height <= 0) return image;
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) data.set(image.subarray((ay + y) * fullWidth + ax, (ay + y) * fullWidth + ax + width), y * width);
  const radius = Math.max(1, Math.ceil(2.5 * sigma));
  const taps = 2 * radius + 1;
  const kernel = new Float32Array(taps);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < taps; i++) kernel[i]! /= sum;
  const tmp = new Float32Array(width * height);
  const line = new Float32Array(width + 2 * radius);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    line.set(data.subarray(row, row + width), radius);
    line.fill(data[row]!, 0, radius);
    line.fill(data[row + width - 1]!, width + radius);
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let k = 0; k < taps; k++) acc += kernel[k]! * line[x + k]!;
      tmp[row + x] = acc;
    }
  }
  for (let y = 0; y < height; y++) {
    const row = (ay + y) * fullWidth + ax;
    image.fill(0, row, row + width);
    for (let k = 0; k < taps; k++) {
      const src = Math.min(height - 1, Math.max(0, y + k - radius)) * width;
      const w = kernel[k]!;
      for (let x = 0; x < width; x++) image[row + x]! += w * tmp[src + x]!;
    }
  }
  return image;
}
