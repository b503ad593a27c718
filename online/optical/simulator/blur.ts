/**
 * Separable Gaussian blur of a float image (the lens's softness). Both passes walk memory in
 * row order (the vertical pass sums whole rows), which is what keeps it fast on 1280x720.
 */
export function gaussianBlur(data: Float32Array, width: number, height: number, sigma: number): Float32Array {
  if (sigma <= 0.05) return data;
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
  const out = data;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    out.fill(0, row, row + width);
    for (let k = 0; k < taps; k++) {
      const src = Math.min(height - 1, Math.max(0, y + k - radius)) * width;
      const w = kernel[k]!;
      for (let x = 0; x < width; x++) out[row + x]! += w * tmp[src + x]!;
    }
  }
  return out;
}
