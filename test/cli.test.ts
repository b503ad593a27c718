/** Both programs answer --help, report usage errors on one line of stderr and exit non-zero. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function run(bin: string, args: string[]) {
  const r = spawnSync(process.execPath, [resolve(root, bin), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command names a program's --help lists. */
function commandNames(bin: string): string[] {
  const list = run(bin, ['--help']).stdout.split('commands:')[1]!.trim().split('\n');
  return list.map((l) => l.trim().split(/\s{2,}/)[0]!).filter((n) => n !== '' && !n.startsWith('Run '));
}

describe.each(['online/cli/airsign.js', 'offline/cli/airsign-signer.js'])('%s', (bin) => {
  it('lists a command group for "<group> --help" (exit 0) and refuses it bare (one line naming its subcommands, exit 2)', () => {
    const names = commandNames(bin);
    const group = names.find((n) => n.includes(' '))!.split(' ')[0]!;
    const members = names.filter((n) => n.startsWith(`${group} `));
    const help = run(bin, [group, '--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    for (const m of members) expect(help.stdout).toContain(m);
    const bare = run(bin, [group]);
    expect(bare.status).toBe(2);
    expect(bare.stderr.trim().split('\n')).toHaveLength(1);
    expect(bare.stderr).toContain('USAGE');
    for (const m of members) expect(bare.stderr).toContain(m.slice(group.length + 1));
  });

  it('prints help and exits 0', () => {
    const r = run(bin, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('commands:');
  });

  it('refuses an unknown command with one line on stderr', () => {
    const r = run(bin, ['no-such-command']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('USAGE');
  });

  it('gives --help for every command', () => {
    const list = run(bin, ['--help']).stdout.split('commands:')[1]!.trim().split('\n');
    for (const line of list) {
      const name = line.trim().split(/\s{2,}/)[0]!;
      if (name === '' || name.startsWith('Run ')) continue;
      const r = run(bin, [...name.split(' '), '--help']);
      expect(r.status, name).toBe(0);
      expect(r.stdout, name).toContain('usage:');
    }
  });
});
