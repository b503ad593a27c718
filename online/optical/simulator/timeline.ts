/**
 * When each displayed frame is on screen, and which frames a capture's exposure sees. The
 * screen changes frames only on refresh ticks, so 25 fps on a 60 Hz screen shows frames for
 * 2 or 3 ticks in turn, as a real display does.
 */
export interface BlendPart {
  readonly frame: number;
  readonly weight: number;
}

/** Start time, seconds, of displayed frame k. */
export function frameStart(k: number, displayFps: number, refreshHz: number): number {
  return Math.ceil((k * refreshHz) / displayFps - 1e-9) / refreshHz;
}

/** The frame on screen at time t. */
export function frameAt(t: number, displayFps: number, refreshHz: number): number {
  let k = Math.max(0, Math.floor(t * displayFps));
  while (frameStart(k + 1, displayFps, refreshHz) <= t) k++;
  while (k > 0 && frameStart(k, displayFps, refreshHz) > t) k--;
  return k;
}

/** The frames an exposure over [t0, t1) integrates, with their share of the time. */
export function exposureBlend(t0: number, t1: number, displayFps: number, refreshHz: number): BlendPart[] {
  const parts: BlendPart[] = [];
  const span = t1 - t0;
  let k = frameAt(t0, displayFps, refreshHz);
  let t = t0;
  while (t < t1 - 1e-12) {
    const end = Math.min(t1, frameStart(k + 1, displayFps, refreshHz));
    if (end > t) parts.push({ frame: k, weight: (end - t) / span });
    t = end;
    k++;
  }
  return parts;
}
