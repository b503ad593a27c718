/** runProgram on a small command table: groups of commands, nested groups, unknown words. */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../protocol/cli/command.ts';
import { runProgram } from '../../../protocol/cli/run.ts';

function command(name: string): Command {
  return { name, summary: `does ${name}`, usage: '', options: {}, positionals: { min: 0, max: 0 }, run: () => Promise.resolve(0) };
}

const program = {
  name: 'prog',
  about: 'a test program',
  commands: ['keys', 'frames encode', 'frames decode', 'policy key add', 'policy key remove', 'policy show'].map(command),
};

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runProgram(program, argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out: out.join('\n'), err };
}

describe('runProgram command groups', () => {
  it('lists a group\'s commands with their summaries for --help and -h, and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await run('frames', flag);
      expect(r.status).toBe(0);
      expect(r.err).toEqual([]);
      expect(r.out).toContain('usage: prog frames <command>');
      expect(r.out).toMatch(/frames encode\s+does frames encode/);
      expect(r.out).toMatch(/frames decode\s+does frames decode/);
      expect(r.out).not.toContain('keys');
    }
  });

  it('lists only the inner group for a nested group', async () => {
    const r = await run('policy', 'key', '--help');
    expect(r.status).toBe(0);
    expect(r.out).toContain('policy key add');
    expect(r.out).toContain('policy key remove');
    expect(r.out).not.toContain('policy show');
    expect((await run('policy', '--help')).out).toContain('policy show');
  });

  it('refuses a bare group with one line naming its subcommands, exit 2', async () => {
    const r = await run('frames');
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toEqual(['prog: USAGE: "frames" needs a subcommand; one of: encode, decode']);
  });

  it('refuses an unknown subcommand with one line naming the valid ones, exit 2', async () => {
    const r = await run('policy', 'key', 'rotate', '--help');
    expect(r.status).toBe(2);
    expect(r.err).toEqual(['prog: USAGE: "policy key" has no subcommand "rotate --help"; one of: add, remove']);
    expect((await run('frames', '--verbose')).err).toEqual(['prog: USAGE: "frames" has no subcommand "--verbose"; one of: encode, decode']);
  });

  it('still refuses a word that begins no command, and still runs a full command name', async () => {
    const r = await run('nothing', '--help');
    expect(r.status).toBe(2);
    expect(r.err).toEqual(['prog: USAGE: unknown command "nothing --help"; run "prog --help"']);
    expect((await run('frames', 'encode')).status).toBe(0);
    expect((await run('keys', '--help')).out).toContain('usage: prog keys');
  });
});
