/** Parses argv against a command table. Errors are ProtocolError('USAGE'). */
import { ProtocolError } from '../errors.ts';
import type { Command, OptionValues } from './command.ts';
import { nearest } from './suggest.ts';

export interface ParsedCommand {
  readonly command: Command;
  readonly positionals: string[];
  readonly options: OptionValues;
  readonly help: boolean;
}

/** Finds the command whose name is the longest prefix of argv. */
export function findCommand(commands: readonly Command[], argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  let best: Command | undefined;
  let bestWords = 0;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.length > bestWords && words.every((w, i) => argv[i] === w)) {
      best = command;
      bestWords = words.length;
    }
  }
  return best === undefined ? undefined : { command: best, rest: argv.slice(bestWords) };
}

/**
 * The group argv begins with, if no command matched: the longest run of leading words that begins
 * some command names without naming a command ("frames" of "frames encode"), with those commands.
 */
export function findGroup(commands: readonly Command[], argv: readonly string[]): { group: string; commands: Command[] } | undefined {
  for (let n = argv.length; n >= 1; n--) {
    const words = argv.slice(0, n);
    const members = commands.filter((c) => {
      const name = c.name.split(' ');
      return name.length > n && words.every((w, i) => name[i] === w);
    });
    if (members.length > 0) return { group: words.join(' '), commands: members };
  }
  return undefined;
}

export function parseCommandLine(command: Command, args: readonly string[]): ParsedCommand {
  const options: OptionValues = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const short = /^-([A-Za-z])$/.exec(arg)?.[1];
    const aliased = short === undefined ? undefined : Object.entries(command.options).find(([, s]) => s.short === short)?.[0];
    if (short !== undefined && aliased === undefined) throw new ProtocolError('USAGE', `unknown option -${short} for "${command.name}"; run with --help for its options`, { fields: [short] });
    if (aliased === undefined && (!arg.startsWith('--') || arg.length === 2)) {
      positionals.push(arg);
      continue;
    }
    const eq = aliased !== undefined ? -1 : arg.indexOf('=');
    const written = aliased ?? (eq === -1 ? arg.slice(2) : arg.slice(2, eq));
    const name = command.options[written] !== undefined ? written : (Object.entries(command.options).find(([, s]) => s.aliases?.includes(written) === true)?.[0] ?? written);
    const spec = command.options[name];
    if (spec === undefined) {
      const near = nearest(name, Object.keys(command.options));
      const hint = near === undefined ? `; run with --help for its options` : `; did you mean --${near}?`;
      throw new ProtocolError('USAGE', `unknown option --${name} for "${command.name}"${hint}`, { fields: [name] });
    }
    let value: string | boolean;
    if (spec.type === 'boolean') {
      if (eq !== -1) throw new ProtocolError('USAGE', `option --${name} takes no value`, { fields: [name] });
      value = true;
    } else if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined) throw new ProtocolError('USAGE', `option --${name} needs a value`, { fields: [name] });
      value = next;
      i++;
    }
    if (spec.multiple === true) {
      const list = (options[name] as string[] | undefined) ?? [];
      list.push(String(value));
      options[name] = list;
    } else {
      if (options[name] !== undefined) throw new ProtocolError('USAGE', `option --${name} given twice`, { fields: [name] });
      options[name] = value;
    }
  }
  for (const [name, spec] of Object.entries(command.options)) {
    if (options[name] === undefined && spec.default !== undefined) options[name] = spec.default;
  }
  if (!help) {
    const { min, max } = command.positionals;
    if (positionals.length < min) throw new ProtocolError('USAGE', `"${command.name}" needs ${command.usage}`);
    if (positionals.length > max) throw new ProtocolError('USAGE', `"${command.name}" takes at most ${max} argument(s), got ${positionals.length}`);
  }
  return { command, positionals, options, help };
}

/** Reads a required string option, or throws a usage error naming it. */
export function requireOption(options: OptionValues, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new ProtocolError('USAGE', `option --${name} is required`, { fields: [name] });
  return value;
}

/** Reads an optional string option. */
export function stringOption(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads an optional integer option within [min, max]. */
export function intOption(options: OptionValues, name: string, min: number, max: number): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ProtocolError('USAGE', `option --${name} expects an integer from ${min} to ${max}, got "${String(value)}"`, { fields: [name] });
  }
  return n;
}
