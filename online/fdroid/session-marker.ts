/**
 * A signing session made by `airsign fdroid` remembers which repository it serves and what goes
 * where, in fdroid.json beside the spool: so `airsign receive` can put the signed files into repo/
 * when the answer comes back.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from '../../node/durable.ts';
import { FdroidError } from './errors.ts';

export interface IndexJarPlan {
  readonly jarName: string;
  readonly jsonName: string;
  /** SHA-256 of the JSON as it was signed. */
  readonly jsonSha256: string;
}

export interface ApkPlan {
  /** The name in the session (and in out/). */
  readonly fileName: string;
  readonly unsignedPath: string;
  readonly appId: string;
  readonly alias: string;
  /** The signer is asked to make the app's key: when signed, its certificate is pinned under the alias. */
  readonly newKey?: boolean;
}

/** A file `airsign fdroid gpgsign` signs: its `.asc` goes beside it when the answer comes back. */
export interface SignaturePlan {
  /** repo or archive. */
  readonly dir: string;
  readonly fileName: string;
  /** SHA-256 of the file as it was signed, hex: a file changed since gets no signature. */
  readonly sha256: string;
}

export interface FdroidMarker {
  readonly v: 1;
  readonly repoRoot: string;
  readonly indexJars: IndexJarPlan[];
  readonly apks: ApkPlan[];
  /** Detached OpenPGP signatures (`fdroid gpgsign`); absent in sessions of before. */
  readonly signatures?: SignaturePlan[];
}

const markerPath = (sessionDir: string) => join(sessionDir, 'fdroid.json');

export async function loadMarker(sessionDir: string): Promise<FdroidMarker | undefined> {
  if (!existsSync(markerPath(sessionDir))) return undefined;
  return JSON.parse(await readFile(markerPath(sessionDir), 'utf8')) as FdroidMarker;
}

/** Adds to the session's plan (a later `index` in the same session replaces the index part). */
export async function recordPlan(sessionDir: string, repoRoot: string, plan: { indexJars?: IndexJarPlan[]; apks?: ApkPlan[]; signatures?: SignaturePlan[] }): Promise<void> {
  const old = await loadMarker(sessionDir);
  if (old !== undefined && old.repoRoot !== repoRoot) throw new FdroidError('NOT_A_REPO', `session ${sessionDir} serves the repository ${old.repoRoot}; use another session directory for ${repoRoot}`);
  const apks = [...(old?.apks ?? []).filter((a) => !(plan.apks ?? []).some((p) => p.fileName === a.fileName)), ...(plan.apks ?? [])];
  const signatures = [...(old?.signatures ?? []).filter((a) => !(plan.signatures ?? []).some((p) => p.fileName === a.fileName)), ...(plan.signatures ?? [])];
  const marker: FdroidMarker = { v: 1, repoRoot, indexJars: plan.indexJars ?? old?.indexJars ?? [], apks, ...(signatures.length === 0 ? {} : { signatures }) };
  await writeFileDurable(markerPath(sessionDir), JSON.stringify(marker, null, 2));
}
