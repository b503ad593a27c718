/**
 * The spool's file modes and the names of its temporaries. Files are written whole or not at all
 * through node/durable.ts (temporary, flush, rename, directory flush); its temporary names contain
 * ".tmp-" and are swept when the spool opens.
 */
import { TEMP_MARK } from '../../node/durable.ts';

/**
 * Everything in a spool is private to its owner: artifacts, signed files, requests and the event
 * log are nobody else's business on a shared build machine.
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Our temporaries, and those of a spool written before node/durable.ts ("<file>.partial-<pid>[-<thread>]"). */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_MARK) || /\.partial-\d+(-\d+)?$/.test(name);
}
