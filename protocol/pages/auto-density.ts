/**
 * The density a message is shown at when the operator chose none: the least dense preset that
 * carries it in a few frames (a sparse code reads from further away and in worse light), or the
 * link's default when even the densest such preset would need more.
 */
import { DEFAULT_DENSITY, DENSITY_PRESETS } from '../frames/index.ts';
import type { DensityName } from '../frames/index.ts';

/** "A few frames": a receiver that misses some still has the message within a second at 10 fps. */
export const FEW_FRAMES = 4;

export function densityForMessage(bytes: number): DensityName {
  const fits = DENSITY_PRESETS.find((p) => Math.ceil(bytes / p.symbolSize) <= FEW_FRAMES);
  if (fits === undefined) return DEFAULT_DENSITY;
  const defaultIndex = DENSITY_PRESETS.findIndex((p) => p.name === DEFAULT_DENSITY);
  // Never denser than the default to save a frame or two: past it the code is harder to read.
  return DENSITY_PRESETS.indexOf(fits) > defaultIndex ? DEFAULT_DENSITY : fits.name;
}
