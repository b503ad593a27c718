/**
 * The command reference in docs/commands.md, built from the command registries themselves, so the
 * document cannot drift from the programs: test/docs/commands.test.ts compares the two, and
 * `npm run docs:commands` rewrites the generated part.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { offlineCommands } from '../../offline/cli/commands/index.ts';
import { onlineCommands } from '../../online/cli/commands/index.ts';
import type { Command, OptionSpec } from '../../protocol/cli/index.ts';

export const COMMANDS_DOC = resolve(import.meta.dirname, '../../docs/commands.md');
export const REFERENCE_MARK = '<!-- Generated from the command registries by `npm run docs:commands`; edit above this line only. -->';

function optionRow(name: string, spec: OptionSpec): string {
  const flag = `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
  const notes = [spec.short === undefined ? '' : `also -${spec.short}`, ...(spec.aliases ?? []).map((a) => `also --${a}`), spec.multiple ? 'repeatable' : '', spec.default !== undefined ? `default: ${String(spec.default)}` : ''].filter(Boolean);
  const extra = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  return `| \`${flag}\` | ${spec.description.replace(/\|/g, '\\|')}${extra} |`;
}

function commandSection(program: string, command: Command): string[] {
  const summary = command.summary.charAt(0).toUpperCase() + command.summary.slice(1);
  const synopsis = `${program} ${command.name}${command.usage ? ` ${command.usage}` : ''} [options]`;
  const lines = [`### \`${program} ${command.name}\``, '', `${summary}.`, '', '```', synopsis, '```', ''];
  const options = Object.entries(command.options);
  if (options.length > 0) lines.push('| option | meaning |', '|---|---|', ...options.map(([n, s]) => optionRow(n, s)), '');
  return lines;
}

export function commandReference(): string {
  const lines = ['## `airsign` (online)', ''];
  for (const command of onlineCommands) lines.push(...commandSection('airsign', command));
  lines.push('## `airsign-signer` (offline)', '');
  for (const command of offlineCommands) lines.push(...commandSection('airsign-signer', command));
  return lines.join('\n');
}

/** The document's hand-written part, the mark, then the generated reference. */
export function commandsDocument(current: string): string {
  const at = current.indexOf(REFERENCE_MARK);
  const head = at < 0 ? current.trimEnd() + '\n\n' : current.slice(0, at);
  return `${head}${REFERENCE_MARK}\n\n${commandReference()}`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(COMMANDS_DOC, commandsDocument(readFileSync(COMMANDS_DOC, 'utf8')));
}
