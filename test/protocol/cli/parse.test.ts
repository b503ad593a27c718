/** protocol/cli/parse.ts: an option's older long spellings (aliases) are read as the option itself. */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../protocol/cli/command.ts';
import { commandHelp } from '../../../protocol/cli/help.ts';
import { parseCommandLine } from '../../../protocol/cli/parse.ts';

const command: Command = {
  name: 'sign',
  summary: 'signs',
  usage: '',
  options: { format: { type: 'string', value: 'NAME', description: 'frame format', default: 'png', aliases: ['frame-format'] } },
  positionals: { min: 0, max: 0 },
  run: () => Promise.resolve(0),
};

describe('option aliases', () => {
  it('reads the older spelling as the option, in both forms', () => {
    expect(parseCommandLine(command, ['--frame-format', 'bin']).options.format).toBe('bin');
    expect(parseCommandLine(command, ['--frame-format=bin']).options.format).toBe('bin');
    expect(parseCommandLine(command, ['--format', 'bin']).options.format).toBe('bin');
    expect(parseCommandLine(command, []).options.format).toBe('png');
  });

  it('refuses the option given twice under its two names', () => {
    expect(() => parseCommandLine(command, ['--format', 'bin', '--frame-format', 'png'])).toThrow(/given twice/);
  });

  it('says the older spelling in the help', () => {
    expect(commandHelp('prog', command)).toMatch(/--format NAME +frame format \(default: png\) \(also --frame-format\)/);
  });
});
