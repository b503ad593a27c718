/**
 * Durable file writes for the state directory: a file is replaced by writing a temporary file
 * beside it, syncing it, renaming it over the old one and syncing the directory, so a crash
 * leaves either the old content or the new, never a mix.
 */
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
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

export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * `durable: false` skips syncing the directory: after a crash the file is then either the new
 * content or the old, but possibly the old even though this call returned. Only for files where
 * an older version is harmless (the audit anchor).
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, mode = 0o600, durable = true): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w', mode);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    if (durable) syncDir(dirname(path));
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new SignerError('IO', `cannot write ${path}`, { cause });
  }
}
