export type { Command, CommandContext, OptionSpec, OptionValues } from './command.ts';
export { requireOption, stringOption, intOption } from './parse.ts';
export { CODES_OPTION, codesOption } from './codes-option.ts';
export { runProgram, errorLine } from './run.ts';
export type { Program, ProgramIO } from './run.ts';
export { versionCommand } from './version-command.ts';
