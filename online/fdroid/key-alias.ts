/**
 * Which key signs an app, by fdroidserver's rule (publish.py key_alias): the first 8 hex digits of
 * the MD5 of the application id, unless config.yml's `keyaliases` names an alias for it; an alias
 * "@other.app" means other.app's own default alias. fdroidserver follows "@" one step only, so a
 * chain (a: "@b" while b has an entry of its own) would give a the key b does not use, and a loop
 * gives each app the other's default key: both are refused here, never guessed.
 */
import { createHash } from 'node:crypto';
import { FdroidError } from './errors.ts';

export function defaultAlias(appId: string): string {
  return createHash('md5').update(appId, 'utf8').digest('hex').slice(0, 8);
}

export function keyAlias(appId: string, keyaliases: ReadonlyMap<string, string>): string {
  const alias = keyaliases.get(appId);
  if (alias === undefined) return defaultAlias(appId);
  if (!alias.startsWith('@')) return alias;
  const other = alias.slice(1);
  if (keyaliases.has(other)) {
    const chain = [appId];
    let at = other;
    while (!chain.includes(at) && keyaliases.get(at)?.startsWith('@') === true) {
      chain.push(at);
      at = keyaliases.get(at)!.slice(1);
    }
    chain.push(at);
    const loop = chain.indexOf(at) < chain.length - 1;
    throw new FdroidError('KEYALIAS_CHAIN', `keyaliases in config.yml ${loop ? 'loop' : 'chain'}: ${chain.join(' -> ')}; fdroidserver follows "@" one step only, so ${appId} would get ${other}'s default key (${defaultAlias(other)}), not the key ${other} is signed with. Point ${appId} at an alias itself`);
  }
  return defaultAlias(other);
}

/** fdroid publish refuses to publish when two app ids share a default alias; so does this. */
export function checkAliasCollisions(appIds: Iterable<string>): void {
  const seen = new Map<string, string>();
  for (const id of appIds) {
    const alias = defaultAlias(id);
    const earlier = seen.get(alias);
    if (earlier !== undefined && earlier !== id) throw new FdroidError('KEYALIAS_COLLISION', `${earlier} and ${id} have the same key alias ${alias}; publishing halted (as fdroid publish halts)`);
    seen.set(alias, id);
  }
}
