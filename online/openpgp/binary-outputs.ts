/**
 * A session of `airsign openpgp sign --binary` also gets the binary form of each signature,
 * `<file>.sig` beside `<file>.asc` in out/ (the same packet, not armored), written when the answer
 * comes back. The choice is kept in the session directory's openpgp.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '../../node/durable.ts';
import { ARMOR, dearmor } from '../../protocol/openpgp/index.ts';
import type { ArtifactRecord } from '../store/index.ts';

const settingsPath = (sessionDir: string) => join(sessionDir, 'openpgp.json');

export async function recordBinaryOutputs(sessionDir: string, binary: boolean): Promise<void> {
  await writeFileDurable(settingsPath(sessionDir), `${JSON.stringify({ v: 1, binary })}\n`);
}

function wantsBinary(sessionDir: string): boolean {
  if (!existsSync(settingsPath(sessionDir))) return false;
  try {
    return (JSON.parse(readFileSync(settingsPath(sessionDir), 'utf8')) as { binary?: unknown }).binary === true;
  } catch {
    return false;
  }
}

/** Writes `<file>.sig` for each signed OpenPGP artifact that lacks one; returns their out/ paths. */
export async function writeBinarySignatures(sessionDir: string, artifacts: readonly ArtifactRecord[]): Promise<string[]> {
  if (!wantsBinary(sessionDir)) return [];
  const written: string[] = [];
  for (const a of artifacts) {
    if (a.kind !== 'openpgp' || a.state !== 'ready' || a.output === undefined || !a.output.endsWith('.asc')) continue;
    const asc = join(sessionDir, a.output);
    const sig = `${asc.slice(0, -'.asc'.length)}.sig`;
    if (!existsSync(asc) || existsSync(sig)) continue;
    await writeFileDurable(sig, dearmor(readFileSync(asc, 'utf8'), ARMOR.signature));
    written.push(`${a.output.slice(0, -'.asc'.length)}.sig`);
  }
  return written;
}
