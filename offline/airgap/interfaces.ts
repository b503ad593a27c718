/**
 * The air-gap check: which network interfaces other than loopback are up, or cannot be shown to be
 * down. The names come from /proc/net/dev (this process's network namespace), the up flag from
 * /sys/class/net/<if>/flags (IFF_UP); os.networkInterfaces() adds any non-internal interface
 * holding an address.
 *
 * The check fails closed. An interface whose flags cannot be read counts as up, and so does every
 * interface when the names cannot be listed. A sysfs that lists other interfaces than
 * /proc/net/dev belongs to another network namespace (a namespace made without mounting its own
 * sysfs): its flags describe other interfaces of the same name, so none of them is believed.
 * The one exception is `lo`, the loopback the kernel gives every namespace under that name: it
 * carries nothing off the machine, so it passes even when its flags cannot be read.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { SignerError } from '../errors.ts';

const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;

/** Where the check reads: the real /proc and /sys, or (tests) directories laid out the same way. */
export interface NetworkRoots {
  readonly proc: string;
  readonly sys: string;
  /** false: leave out os.networkInterfaces() (it always reads the real machine). Default true. */
  readonly addresses?: boolean;
}

export const REAL_ROOTS: NetworkRoots = { proc: '/proc', sys: '/sys' };

/** An interface the check does not accept, and why. */
export interface UpInterface {
  readonly name: string;
  readonly why: string;
}

function reason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function namesInNamespace(roots: NetworkRoots): string[] | { error: string } {
  try {
    return readFileSync(`${roots.proc}/net/dev`, 'utf8')
      .split('\n')
      .slice(2)
      .map((line) => line.split(':')[0]!.trim())
      .filter((name) => name !== '');
  } catch (error) {
    return { error: reason(error) };
  }
}

/** The interfaces sysfs lists, or why it lists none. */
function namesInSysfs(roots: NetworkRoots): string[] | { error: string } {
  try {
    // Interfaces are directories (symlinks to them); a file such as bonding_masters is not one.
    return readdirSync(`${roots.sys}/class/net`).filter((name) => {
      try {
        return statSync(`${roots.sys}/class/net/${name}`).isDirectory();
      } catch {
        return true;
      }
    });
  } catch (error) {
    return { error: reason(error) };
  }
}

function flagsOf(roots: NetworkRoots, name: string): number | { error: string } {
  let text: string;
  try {
    text = readFileSync(`${roots.sys}/class/net/${name}/flags`, 'utf8').trim();
  } catch (error) {
    return { error: `its flags cannot be read (${roots.sys}/class/net/${name}/flags: ${reason(error)})` };
  }
  const flags = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : NaN;
  return Number.isSafeInteger(flags) ? flags : { error: `its flags are not a number (${JSON.stringify(text.slice(0, 20))})` };
}

const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((name, i) => name === [...b].sort()[i]);

/** The non-loopback interfaces that are up or cannot be shown to be down, sorted by name. */
export function interfacesNotDown(roots: NetworkRoots = REAL_ROOTS): UpInterface[] {
  const found = new Map<string, string>();
  const names = namesInNamespace(roots);
  if (!Array.isArray(names)) {
    found.set('(every interface)', `the interfaces cannot be listed (${roots.proc}/net/dev: ${names.error})`);
  } else {
    const sysfs = namesInSysfs(roots);
    const foreign = Array.isArray(sysfs) ? (sameNames(sysfs, names) ? undefined : `${roots.sys}/class/net lists other interfaces than this network namespace has (a sysfs of another namespace)`) : `${roots.sys}/class/net cannot be read (${sysfs.error})`;
    for (const name of names) {
      const flags = foreign === undefined ? flagsOf(roots, name) : { error: `its flags cannot be trusted: ${foreign}` };
      if (typeof flags === 'number') {
        if ((flags & IFF_UP) !== 0 && (flags & IFF_LOOPBACK) === 0) found.set(name, 'it is up');
      } else if (name !== 'lo') {
        found.set(name, `${flags.error}, so it counts as up`);
      }
    }
  }
  if (roots.addresses !== false) {
    for (const [name, addresses] of Object.entries(networkInterfaces())) {
      if ((addresses ?? []).some((a) => !a.internal) && !found.has(name)) found.set(name, 'it holds an address');
    }
  }
  return [...found].map(([name, why]) => ({ name, why })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Names of the non-loopback interfaces that are up (or cannot be shown down), sorted. */
export function interfacesUp(roots: NetworkRoots = REAL_ROOTS): string[] {
  return interfacesNotDown(roots).map((i) => i.name);
}

/**
 * Refuses to go on while a network interface is up, unless the operator allowed it; then warns,
 * once per interface: a repeated check (at open, and again just before signing) names only the
 * interfaces not in `warned`. Returns the interfaces up, for the next call's `warned`.
 */
export function assertAirGapped(allowNetwork: boolean, log: (line: string) => void, warned: readonly string[] = [], roots: NetworkRoots = REAL_ROOTS): string[] {
  const found = interfacesNotDown(roots);
  const up = found.map((i) => i.name);
  if (up.length === 0) return up;
  if (!allowNetwork) {
    const named = found.map((i) => `${i.name} (${i.why})`).join('; ');
    throw new SignerError('NETWORK_UP', `network interface(s) up: ${named}; take them down (the signer is meant to be offline) or pass --allow-network`);
  }
  const news = up.filter((name) => !warned.includes(name));
  if (news.length > 0) log(`warning: signing with network interface(s) up: ${news.join(', ')} (--allow-network)`);
  return [...new Set([...warned, ...up])].sort();
}
