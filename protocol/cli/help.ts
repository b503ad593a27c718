/** Help text for a program and for one command. */
import type { Command } from './command.ts';

function commandList(commands: readonly Command[]): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
}

export function programHelp(program: string, about: string, commands: readonly Command[]): string {
  const lines = [`${program} — ${about}`, '', `usage: ${program} <command> [options]`, '', 'commands:', ...commandList(commands)];
  lines.push('', `Run "${program} <command> --help" for a command's options.`);
  return lines.join('\n');
}

/** Help for a group word ("frames"): the commands whose names begin with it. */
export function groupHelp(program: string, group: string, commands: readonly Command[]): string {
  const lines = [`usage: ${program} ${group} <command> [options]`, '', 'commands:', ...commandList(commands)];
  lines.push('', `Run "${program} ${group} <command> --help" for a command's options.`);
  return lines.join('\n');
}

export function commandHelp(program: string, command: Command): string {
  const lines = [`usage: ${program} ${command.name} ${command.usage}`.trimEnd(), '', command.summary];
  const entries = Object.entries(command.options);
  if (entries.length > 0) {
    lines.push('', 'options:');
    const labels = entries.map(([name, spec]) => `${spec.short === undefined ? '' : `-${spec.short}, `}${spec.type === 'string' ? `--${name} ${spec.value ?? 'VALUE'}` : `--${name}`}`);
    const width = Math.max(...labels.map((l) => l.length));
    entries.forEach(([, spec], i) => {
      const def = spec.default === undefined ? '' : ` (default: ${String(spec.default)})`;
      const also = spec.aliases === undefined || spec.aliases.length === 0 ? '' : ` (also ${spec.aliases.map((a) => `--${a}`).join(', ')})`;
      lines.push(`  ${labels[i]!.padEnd(width)}  ${spec.description}${def}${also}`);
    });
  }
  lines.push(`  ${'--help'}  show this help`);
  return lines.join('\n');
}
