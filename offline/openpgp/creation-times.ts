/**
 * The creation time of each key's OpenPGP form, fixed the first time it is exported and kept in the
 * state directory: the v4 fingerprint hashes the creation time, so a key exported again, or signing
 * later, must use the same one or it would be a different OpenPGP key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SignerError } from '../errors.ts';
import { writeFileAtomic } from '../state/files.ts';

const CreationTimes = z.object({
  version: z.literal(1),
  /** Certificate SHA-256 (hex) → seconds since 1970. */
  keys: z.record(z.string().regex(/^[0-9a-f]{64}$/), z.number().int().min(1).max(0xffffffff)),
}).strict();
type CreationTimes = z.infer<typeof CreationTimes>;

export function openPgpStatePath(stateDir: string): string {
  return join(stateDir, 'openpgp-keys.json');
}

function load(path: string): CreationTimes {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: {} };
    throw new SignerError('IO', `cannot read ${path}`, { cause });
  }
  try {
    return CreationTimes.parse(JSON.parse(text));
  } catch (cause) {
    throw new SignerError('STATE_CORRUPT', `${path} is not the signer's OpenPGP key state`, { cause });
  }
}

/** The key's creation time if it was exported before; undefined otherwise. */
export function knownCreationTime(stateDir: string, certificateSha256Hex: string): number | undefined {
  return load(openPgpStatePath(stateDir)).keys[certificateSha256Hex];
}

/** The key's creation time, fixing it at `now` (seconds) the first time. The caller holds the state lock. */
export function fixCreationTime(stateDir: string, certificateSha256Hex: string, now: number): { created: number; fresh: boolean } {
  const path = openPgpStatePath(stateDir);
  const state = load(path);
  const known = state.keys[certificateSha256Hex];
  if (known !== undefined) return { created: known, fresh: false };
  const created = Math.floor(now);
  writeFileAtomic(path, `${JSON.stringify({ version: 1, keys: { ...state.keys, [certificateSha256Hex]: created } }, null, 2)}\n`);
  return { created, fresh: true };
}
