/** Shared by the frame tests: a seeded generator, so every failure replays the same way. */
import { loadFountain } from '../../../node/wasm.ts';
import { seededRandom } from '../../support/seeded-random.ts';

export { seededRandom };

loadFountain();

export function randomBytes(length: number, random: () => number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
