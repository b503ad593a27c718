/**
 * The air-gap check against iproute2's view of the same machine, and inside a network namespace
 * with nothing but a loopback interface (what an offline laptop looks like).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertAirGapped, interfacesUp } from '../../../offline/airgap/interfaces.ts';

const root = resolve(import.meta.dirname, '../../..');
const canUnshare = spawnSync('unshare', ['-n', 'true']).status === 0;

function ipLinkUp(): string[] {
  const out = spawnSync('ip', ['-o', 'link', 'show', 'up'], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.includes('LOOPBACK'))
    .map((l) => l.split(': ')[1]!.split('@')[0]!)
    .sort();
}

describe('air gap', () => {
  it('lists the interfaces that `ip link show up` lists, loopback aside', () => {
    expect(interfacesUp()).toEqual(ipLinkUp());
  });

  it('refuses with NETWORK_UP while one is up, unless allowed (with a warning)', () => {
    const up = interfacesUp();
    const warnings: string[] = [];
    if (up.length === 0) {
      expect(() => assertAirGapped(false, (l) => warnings.push(l))).not.toThrow();
      expect(warnings).toEqual([]);
    } else {
      expect(() => assertAirGapped(false, (l) => warnings.push(l))).toThrow(expect.objectContaining({ code: 'NETWORK_UP' }));
      const warned = assertAirGapped(true, (l) => warnings.push(l));
      expect(warnings[0]).toContain(up[0]);
      expect(warned).toEqual(up);
      // The check again (before signing) warns only about interfaces not warned about yet.
      expect(assertAirGapped(true, (l) => warnings.push(l), warned)).toEqual(up);
      expect(warnings).toHaveLength(1);
      assertAirGapped(true, (l) => warnings.push(l), up.slice(1));
      expect(warnings[1]).toBe(`warning: signing with network interface(s) up: ${up[0]} (--allow-network)`);
    }
  });

  it.runIf(canUnshare)('finds nothing up in a fresh network namespace', () => {
    const script = `import('${resolve(root, 'offline/airgap/interfaces.ts')}').then((m) => console.log(JSON.stringify(m.interfacesUp())))`;
    const r = spawnSync('unshare', ['-n', process.execPath, '--import', 'tsx', '-e', script], { encoding: 'utf8', cwd: root });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
