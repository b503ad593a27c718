/**
 * The most items one request of a session directory carries. `airsign request --max-items N`
 * records it in the directory (batch.json), so the next rounds that `airsign receive` batches obey
 * the same cap as the first; without it, the signer's default policy decides (1000,
 * the protocol's cap).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ITEMS_PER_REQUEST } from '../../protocol/batch-size.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { writeFileDurable } from '../../node/durable.ts';
import { SessionError } from './errors.ts';

const FILE = 'batch.json';

function valid(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= LIMITS.maxItems;
}

export async function saveBatchCap(dir: string, maxItems: number): Promise<void> {
  if (!valid(maxItems)) throw new SessionError('BAD_BATCH_CAP', `a request carries 1 to ${LIMITS.maxItems} items, not ${maxItems}`);
  await writeFileDurable(join(dir, FILE), `${JSON.stringify({ maxItems })}\n`);
}

/** The recorded cap, or the default when none was recorded. */
export async function loadBatchCap(dir: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(join(dir, FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_ITEMS_PER_REQUEST;
    throw error;
  }
  let maxItems: unknown;
  try {
    maxItems = (JSON.parse(text) as { maxItems?: unknown }).maxItems;
  } catch {
    maxItems = undefined;
  }
  if (!valid(maxItems)) throw new SessionError('BAD_BATCH_CAP', `${join(dir, FILE)} does not hold a cap of 1 to ${LIMITS.maxItems} items; fix it or give --max-items again`);
  return maxItems;
}
