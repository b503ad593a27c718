/** SHA-256 of a whole file, read in 1 MiB windows. */
import { createHash } from 'node:crypto';
import type { RandomAccessFile } from './zip/random-access-file.ts';

const WINDOW = 1024 * 1024;

export function fileSha256(file: RandomAccessFile): Buffer {
  const hash = createHash('sha256');
  for (let at = 0; at < file.size; at += WINDOW) hash.update(file.view(at, Math.min(WINDOW, file.size - at)));
  return hash.digest();
}
