/**
 * Runs one command line against a command table and turns every failure into one line.
 * The caller supplies the output channels, so this stays free of Node-only code.
 */
import type { Command } from './command.ts';
import { commandHelp, groupHelp, programHelp } from './help.ts';
import { findCommand, findGroup, parseCommandLine } from './parse.ts';
import { nearest } from './suggest.ts';
import { systemErrorLine, systemReason } from './system-error.ts';

export interface ProgramIO {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Also print stack traces (AIRSIGN_DEBUG=1). */
  readonly debug?: boolean;
}

export interface Program {
  readonly name: string;
  readonly about: string;
  readonly commands: readonly Command[];
}

/**
 * Formats any thrown value as one line: "program: CODE: message". An error of the operating
 * system (a missing file, a busy port) is said in words with what to do, not as its errno text.
 */
export function errorLine(program: string, error: unknown, command?: Command): string {
  const system = systemErrorLine(error, command !== undefined && 'port' in command.options);
  if (system !== undefined) return `${program}: ${system}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const prefix = typeof code === 'string' ? `${code}: ` : '';
    return `${program}: ${prefix}${withSystemReason(error)}`.replace(/\s*\n\s*/g, ' ');
  }
  return `${program}: ${String(error)}`;
}

/** A wrapping error's message, with its operating system cause said in words (in place of the errno text, if it carried it). */
function withSystemReason(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const reason = systemReason(cause);
  if (reason === undefined) return error.message;
  const causeText = cause instanceof Error ? cause.message : '';
  if (causeText !== '' && error.message.includes(causeText)) return error.message.replace(causeText, reason);
  const code = (cause as { code: string }).code;
  const bare = error.message.endsWith(`: ${code}`) ? error.message.slice(0, -code.length - 2) : error.message;
  return `${bare}: ${reason}`;
}

export async function runProgram(program: Program, argv: readonly string[], io: ProgramIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(programHelp(program.name, program.about, program.commands));
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(program.commands, argv);
  if (found === undefined) return groupOrUnknown(program, argv, io);
  try {
    const parsed = parseCommandLine(found.command, found.rest);
    if (parsed.help) {
      io.out(commandHelp(program.name, found.command));
      return 0;
    }
    return await found.command.run({ positionals: parsed.positionals, options: parsed.options, out: io.out, log: io.err });
  } catch (error) {
    io.err(errorLine(program.name, error, found.command));
    if (io.debug === true && error instanceof Error) io.err(error.stack ?? '');
    const code = (error as { code?: unknown }).code;
    return code === 'USAGE' ? 2 : 1;
  }
}

/**
 * No command matched. A group word with --help ("frames --help") lists the group's commands and
 * exits 0; a group word alone or with an unknown subcommand is a usage error (exit 2) whose one line
 * names the group's commands; anything else is an unknown command.
 */
function groupOrUnknown(program: Program, argv: readonly string[], io: ProgramIO): number {
  const found = findGroup(program.commands, argv);
  if (found === undefined) {
    const firstWords = [...new Set(program.commands.map((c) => c.name.split(' ')[0]!))];
    const near = argv[0] === undefined ? undefined : nearest(argv[0], firstWords);
    const hint = near === undefined ? `run "${program.name} --help"` : `did you mean ${near}? (run "${program.name} --help" for all)`;
    io.err(`${program.name}: USAGE: unknown command "${argv.join(' ')}"; ${hint}`);
    return 2;
  }
  const rest = argv.slice(found.group.split(' ').length);
  if (rest.length > 0 && rest.every((a) => a === '--help' || a === '-h')) {
    io.out(groupHelp(program.name, found.group, found.commands));
    return 0;
  }
  const subcommands = found.commands.map((c) => c.name.slice(found.group.length + 1));
  const valid = subcommands.join(', ');
  const near = rest[0] === undefined ? undefined : nearest(rest[0], subcommands.map((c) => c.split(' ')[0]!));
  const problem = rest.length === 0 ? 'needs a subcommand' : `has no subcommand "${rest.join(' ')}"${near === undefined ? '' : ` (did you mean ${near}?)`}`;
  io.err(`${program.name}: USAGE: "${found.group}" ${problem}; one of: ${valid}`);
  return 2;
}
