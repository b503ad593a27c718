/**
 * The air-gap check against iproute2's view of the same machine, and inside a network namespace
 * with nothing but a loopback interface (what an offline laptop looks like); and failing closed:
 * flags that cannot be read (a namespace without its own sysfs) count as up.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertAirGapped, interfacesNotDown, interfacesUp } from '../../../offline/airgap/interfaces.ts';

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

/** A /proc and /sys laid out as the kernel does, for the check to read instead of the real ones. */
function fakeRoots(names: string[], flags: Record<string, string | undefined>, sysNames: string[] = names): { proc: string; sys: string; addresses: false } {
  const dir = mkdtempSync(join(tmpdir(), 'airsign-netroots-'));
  made.push(dir);
  mkdirSync(join(dir, 'proc/net'), { recursive: true });
  const lines = names.map((n) => `${n.padStart(6)}:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0`);
  writeFileSync(join(dir, 'proc/net/dev'), `Inter-|   Receive\n face |bytes\n${lines.join('\n')}\n`);
  for (const name of sysNames) {
    mkdirSync(join(dir, 'sys/class/net', name), { recursive: true });
    const f = flags[name];
    if (f !== undefined) writeFileSync(join(dir, 'sys/class/net', name, 'flags'), `${f}\n`);
  }
  return { proc: join(dir, 'proc'), sys: join(dir, 'sys'), addresses: false };
}

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('air gap, failing closed', () => {
  it('passes loopback and interfaces that are down', () => {
    expect(interfacesNotDown(fakeRoots(['lo', 'eth0'], { lo: '0x9', eth0: '0x1002' }))).toEqual([]);
  });

  it('counts an interface whose flags cannot be read as up, and refuses naming it and why', () => {
    const roots = fakeRoots(['lo', 'wlan0', 'eth0'], { lo: '0x9', eth0: '0x1002', wlan0: undefined });
    expect(interfacesUp(roots)).toEqual(['wlan0']);
    expect(() => assertAirGapped(false, () => {}, [], roots)).toThrow(expect.objectContaining({ code: 'NETWORK_UP', message: expect.stringMatching(/wlan0 \(its flags cannot be read .*wlan0\/flags: ENOENT\), so it counts as up/) }));
  });

  it('counts flags that are not a number as up', () => {
    expect(interfacesNotDown(fakeRoots(['eth0'], { eth0: 'garbage' }))).toEqual([{ name: 'eth0', why: expect.stringContaining('not a number') }]);
  });

  it('believes no flags from a sysfs of another namespace (it lists other interfaces)', () => {
    // The namespace has lo and eth0; sysfs is the host's, where an eth0 of its own is down.
    const roots = fakeRoots(['lo', 'eth0'], { lo: '0x9', eth0: '0x1002', ifb0: '0x1002' }, ['lo', 'eth0', 'ifb0']);
    expect(interfacesNotDown(roots)).toEqual([{ name: 'eth0', why: expect.stringContaining('another namespace') }]);
  });

  it('refuses when the interfaces cannot be listed at all', () => {
    const roots = { proc: join(tmpdir(), 'airsign-no-such-proc'), sys: '/sys', addresses: false } as const;
    expect(() => assertAirGapped(false, () => {}, [], roots)).toThrow(expect.objectContaining({ code: 'NETWORK_UP', message: expect.stringContaining('cannot be listed') }));
  });

  const vethWorks = canUnshare && spawnSync('unshare', ['-n', 'ip', 'link', 'add', 'airsign0', 'type', 'veth', 'peer', 'name', 'airsign1']).status === 0;
  it.runIf(vethWorks)('sees an interface that is up in a network namespace without its own sysfs', () => {
    // The namespace's sysfs is the host's: the veth is not in it, its flags cannot be read. No
    // address on it (addrgenmode none), so only the flags could show it.
    const script = `import('${resolve(root, 'offline/airgap/interfaces.ts')}').then((m) => console.log(JSON.stringify(m.interfacesNotDown())))`;
    const setup = 'ip link add airsign0 type veth peer name airsign1 && ip link set airsign0 addrgenmode none && ip link set airsign1 addrgenmode none && ip link set airsign0 up && ip link set airsign1 up';
    const r = spawnSync('unshare', ['-n', 'sh', '-c', `${setup} && exec "$0" --import tsx -e "$1"`, process.execPath, script], { encoding: 'utf8', cwd: root });
    expect(r.stderr).toBe('');
    const found = JSON.parse(r.stdout) as { name: string; why: string }[];
    expect(found.map((f) => f.name)).toEqual(['airsign0', 'airsign1']);
    expect(found[0]!.why).toContain('counts as up');
  });
  if (!vethWorks) console.log('skipped: the network-namespace air-gap test needs unshare -n and veth links');
});
