/** Heap use after a full collection, for tests that bound memory. Node exposes gc() only on request. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export function heapAfterGc(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

export const MiB = 1024 * 1024;
