import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { offlineCommands } from '../../offline/cli/commands/index.ts';
import { onlineCommands } from '../../online/cli/commands/index.ts';
import { COMMANDS_DOC, REFERENCE_MARK, commandReference, commandsDocument } from '../support/command-reference.ts';

describe('docs/commands.md', () => {
  const doc = readFileSync(COMMANDS_DOC, 'utf8');

  it('carries the reference the command registries give today (npm run docs:commands rewrites it)', () => {
    expect(doc).toContain(REFERENCE_MARK);
    expect(doc).toBe(commandsDocument(doc));
  });

  it('has a section for every command of both programs, with every option', () => {
    const reference = commandReference();
    for (const [program, commands] of [['airsign', onlineCommands], ['airsign-signer', offlineCommands]] as const) {
      for (const command of commands) {
        const heading = `### \`${program} ${command.name}\``;
        expect(reference).toContain(heading);
        const section = reference.slice(reference.indexOf(heading)).split('\n### ')[0] ?? '';
        for (const option of Object.keys(command.options)) expect(section).toContain(`\`--${option}`);
      }
    }
  });
});

describe('README.md', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('names every command of both programs', () => {
    for (const command of [...onlineCommands, ...offlineCommands]) expect(readme).toContain(`\`${command.name}\``);
  });
});
