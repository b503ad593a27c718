/** New ids for artifacts and sessions: creation order first, then enough randomness to never collide. */
import { randomBytes } from 'node:crypto';

export function newId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(3).toString('hex')}`;
}
