/** A seeded generator for tests and benchmarks, so every failure and every figure replays the same way. */
export type Random = () => number;

/** mulberry32: tiny, fast, good enough to pick frames, flip bits and draw starting points. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
