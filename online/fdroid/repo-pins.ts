/**
 * The certificates a repository root pins: the repository's (signs entry.jar and index-v1.jar)
 * and one per app key alias (signs the APKs). Written atomically; read back whole.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from '../../node/durable.ts';
import { fromJson, toJson } from '../store/index.ts';
import type { PinnedCertificate } from '../store/index.ts';
import { FdroidError } from './errors.ts';
import type { RepoLayout } from './repo-layout.ts';

const ALIAS = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkAlias(alias: string): void {
  if (!ALIAS.test(alias)) throw new FdroidError('CONFIG_UNREADABLE', `"${alias}" is not a key alias airsign can keep (letters, digits, ".", "_", "-"; at most 64)`);
}

export async function loadRepoPin(layout: RepoLayout): Promise<PinnedCertificate> {
  if (!existsSync(layout.repoPin)) throw new FdroidError('NOT_INITIALISED', `${layout.root} has no pinned repository certificate: run "airsign fdroid init ${layout.root} --cert FILE" first`);
  return fromJson(await readFile(layout.repoPin, 'utf8')) as PinnedCertificate;
}

export async function saveRepoPin(layout: RepoLayout, pin: PinnedCertificate): Promise<void> {
  await mkdir(layout.state, { recursive: true });
  await writeFileDurable(layout.repoPin, toJson(pin));
}

export async function saveAppKey(layout: RepoLayout, alias: string, pin: PinnedCertificate): Promise<void> {
  checkAlias(alias);
  await mkdir(layout.appKeys, { recursive: true });
  await writeFileDurable(join(layout.appKeys, `${alias}.json`), toJson(pin));
}

/** alias -> certificate, for every app key pinned. */
export async function loadAppKeys(layout: RepoLayout): Promise<Map<string, PinnedCertificate>> {
  const keys = new Map<string, PinnedCertificate>();
  if (!existsSync(layout.appKeys)) return keys;
  for (const name of (await readdir(layout.appKeys)).filter((n) => n.endsWith('.json')).sort()) {
    keys.set(name.slice(0, -'.json'.length), fromJson(await readFile(join(layout.appKeys, name), 'utf8')) as PinnedCertificate);
  }
  return keys;
}
