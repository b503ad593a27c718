/**
 * A session made by `airsign apt sign` remembers which Release file each of its artifacts is, in
 * apt.json beside the spool: so `airsign receive` can put InRelease and Release.gpg beside it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from '../../node/durable.ts';

export interface ReleasePlan {
  readonly artifactId: string;
  /** The Release file's absolute path: InRelease and Release.gpg go into its directory. */
  readonly releasePath: string;
  /** SHA-256 of the Release file as it was signed, hex. */
  readonly sha256: string;
}

export interface AptMarker {
  readonly v: 1;
  readonly releases: ReleasePlan[];
}

const markerPath = (sessionDir: string) => join(sessionDir, 'apt.json');

export async function loadAptMarker(sessionDir: string): Promise<AptMarker | undefined> {
  if (!existsSync(markerPath(sessionDir))) return undefined;
  return JSON.parse(await readFile(markerPath(sessionDir), 'utf8')) as AptMarker;
}

export async function recordRelease(sessionDir: string, plan: ReleasePlan): Promise<void> {
  const old = await loadAptMarker(sessionDir);
  const releases = [...(old?.releases ?? []).filter((r) => r.artifactId !== plan.artifactId), plan];
  await writeFileDurable(markerPath(sessionDir), JSON.stringify({ v: 1, releases } satisfies AptMarker, null, 2));
}
