/**
 * Where things are in an fdroidserver repository root, and what airsign keeps there: airsign/
 * beside config.yml holds the pinned repository certificate and the app keys' certificates (public
 * material only; `fdroid deploy` publishes repo/, not this).
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FdroidError } from './errors.ts';

export interface RepoLayout {
  readonly root: string;
  readonly config: string;
  readonly repo: string;
  readonly unsigned: string;
  readonly metadata: string;
  readonly state: string;
  readonly repoPin: string;
  readonly appKeys: string;
  /** Unsigned index JARs built for a signing session. */
  readonly staging: string;
}

export function repoLayout(rootArg: string): RepoLayout {
  const root = resolve(rootArg);
  const config = join(root, 'config.yml');
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new FdroidError('NOT_A_REPO', `${rootArg} is not a directory; give the repository root (where config.yml is)`);
  if (!existsSync(config)) throw new FdroidError('NOT_A_REPO', `${rootArg} has no config.yml: give an fdroidserver repository root (run "fdroid init" there first)`);
  const state = join(root, 'airsign');
  return {
    root,
    config,
    repo: join(root, 'repo'),
    unsigned: join(root, 'unsigned'),
    metadata: join(root, 'metadata'),
    state,
    repoPin: join(state, 'repository-certificate.json'),
    appKeys: join(state, 'app-keys'),
    staging: join(state, 'staging'),
  };
}
