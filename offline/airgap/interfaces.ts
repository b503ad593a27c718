/**
 * The air-gap check: which network interfaces other than loopback are up. The names come from
 * /proc/net/dev (this process's network namespace), the up flag from /sys/class/net/<if>/flags
 * (IFF_UP); os.networkInterfaces() adds any non-internal interface holding an address.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { SignerError } from '../errors.ts';

const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;

function namesInNamespace(): string[] {
  try {
    return readFileSync('/proc/net/dev', 'utf8')
      .split('\n')
      .slice(2)
      .map((line) => line.split(':')[0]!.trim())
      .filter((name) => name !== '');
  } catch {
    return [];
  }
}

function flagsOf(name: string): number | undefined {
  try {
    return parseInt(readFileSync(`/sys/class/net/${name}/flags`, 'utf8').trim(), 16);
  } catch {
    return undefined;
  }
}

/** Names of the non-loopback interfaces that are up, sorted. */
export function interfacesUp(): string[] {
  const up = new Set<string>();
  for (const name of namesInNamespace()) {
    const flags = flagsOf(name);
    if (flags !== undefined && (flags & IFF_UP) !== 0 && (flags & IFF_LOOPBACK) === 0) up.add(name);
  }
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if ((addresses ?? []).some((a) => !a.internal)) up.add(name);
  }
  return [...up].sort();
}

/**
 * Refuses to go on while a network interface is up, unless the operator allowed it; then warns,
 * once per interface: a repeated check (at open, and again just before signing) names only the
 * interfaces not in `warned`. Returns the interfaces up, for the next call's `warned`.
 */
export function assertAirGapped(allowNetwork: boolean, log: (line: string) => void, warned: readonly string[] = []): string[] {
  const up = interfacesUp();
  if (up.length === 0) return up;
  if (!allowNetwork) {
    throw new SignerError('NETWORK_UP', `network interface(s) up: ${up.join(', ')}; take them down (the signer is meant to be offline) or pass --allow-network`);
  }
  const news = up.filter((name) => !warned.includes(name));
  if (news.length > 0) log(`warning: signing with network interface(s) up: ${news.join(', ')} (--allow-network)`);
  return [...new Set([...warned, ...up])].sort();
}
