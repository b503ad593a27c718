/**
 * The state directory and its files: where it is, made private, and files in it replaced whole or
 * not at all, so a crash leaves either the old content or the new, never a mix.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { writeFileDurableSync } from '../../node/durable.ts';
import { SignerError } from '../errors.ts';

/** $XDG_STATE_HOME/airsign, or ~/.local/state/airsign. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME !== '' ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'airsign');
}

/**
 * Creates the state directory (private to the user) if needed; one that exists with group or
 * world access is made private, since the audit log and the policy state are nobody else's.
 */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch (cause) {
    throw new SignerError('IO', `cannot create the state directory ${dir}`, { cause });
  }
}

/**
 * Replaces `path` whole or not at all through node/durable.ts (fresh temporary, flush, rename,
 * directory flush). `durable: false` skips syncing the directory: after a crash the file is then
 * either the new content or the old, but possibly the old even though this call returned. Only for
 * files where an older version is harmless (the audit anchor).
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, mode = 0o600, durable = true): void {
  try {
    writeFileDurableSync(path, data, { mode, syncDir: durable });
  } catch (cause) {
    throw new SignerError('IO', `cannot write ${path}`, { cause });
  }
}
