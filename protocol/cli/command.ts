/**
 * The command-line grammar both programs share: a command is a name (one or more words),
 * its options and its positionals. Pure: no process, no console; runners live in each side.
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Accepts the option more than once; the value is then a list. */
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  /** A placeholder shown in help, e.g. "FILE". */
  readonly value?: string;
  /** A one-letter alias, e.g. "v" for -v (as apksigner's -v). */
  readonly short?: string;
  /** Older long spellings still accepted, so users' scripts keep working (e.g. "frame-format" for --format). */
  readonly aliases?: readonly string[];
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** What a command receives: its parsed arguments, and where to write its output. */
export interface CommandContext {
  readonly positionals: readonly string[];
  readonly options: OptionValues;
  /** Normal output, a line at a time (stdout). */
  readonly out: (line: string) => void;
  /** Progress and diagnostics (stderr). */
  readonly log: (line: string) => void;
}

export interface Command {
  /** One or more words, e.g. "frames encode". */
  readonly name: string;
  readonly summary: string;
  /** Positional part of the synopsis, e.g. "<file>". */
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals: { readonly min: number; readonly max: number };
  /** Returns the exit status; throws a typed error on failure. */
  run(ctx: CommandContext): Promise<number>;
}
