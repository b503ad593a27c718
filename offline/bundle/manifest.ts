/** The bundle's MANIFEST.sha256, in `sha256sum` format so `sha256sum -c MANIFEST.sha256` checks it. */
import { createHash } from 'node:crypto';
import type { TarEntry } from './tar.ts';

export function manifest(entries: readonly TarEntry[]): Uint8Array {
  const lines = entries.map((e) => `${createHash('sha256').update(e.data).digest('hex')}  ${e.path}\n`);
  return new TextEncoder().encode(lines.join(''));
}
