/**
 * What must hold of a spool at any moment, and at the end: no artifact in two sessions of the
 * same round, nothing in the pick-up area but whole, verified files.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File, Spool } from '../../../online/store/index.ts';
import type { ArtifactRecord, SessionRecord } from '../../../online/store/index.ts';

export interface SpoolSnapshot {
  readonly artifacts: ArtifactRecord[];
  readonly sessions: SessionRecord[];
}

export async function snapshot(dir: string): Promise<SpoolSnapshot> {
  const spool = await Spool.openReadOnly(dir);
  return { artifacts: spool.artifacts(), sessions: spool.sessions() };
}

/** Problems found; an empty list means the invariants hold. */
export async function pickupProblems(dir: string, pickupDir: string): Promise<string[]> {
  const { artifacts } = await snapshot(dir);
  const problems: string[] = [];
  const pickup = join(dir, pickupDir);
  for (const name of await readdir(pickup)) {
    const owner = artifacts.filter((a) => a.fileName === name);
    if (owner.length !== 1) {
      problems.push(`${name}: ${owner.length} artifacts have this name`);
      continue;
    }
    const sha = await sha256File(join(pickup, name));
    if (sha !== owner[0]!.verifiedSha256) problems.push(`${name}: in the pick-up area but not the verified file (${owner[0]!.state})`);
  }
  return problems;
}

/**
 * Each artifact is in at most one session per round. Mid-crash, a session may list an artifact
 * whose record does not yet name it (the batcher writes the session first, then marks its
 * members; a restart completes the marks); once the pipeline has run, `settled`, they agree.
 */
export function sessionProblems(snap: SpoolSnapshot, settled: boolean): string[] {
  const problems: string[] = [];
  for (const a of snap.artifacts) {
    const holding = snap.sessions.filter((s) => s.members.some((m) => m.artifactId === a.id)).map((s) => s.id);
    const unmarked = holding.filter((id) => !a.sessions.includes(id));
    if (a.sessions.some((id) => !holding.includes(id))) problems.push(`${a.fileName}: its record names a session that does not list it`);
    if (unmarked.length > (settled ? 0 : 1)) problems.push(`${a.fileName}: listed by ${unmarked.length} session(s) its record does not name`);
    if (holding.length > (a.rounds?.length ?? 1)) problems.push(`${a.fileName}: in ${holding.length} sessions for ${a.rounds?.length ?? '?'} round(s)`);
  }
  return problems;
}
