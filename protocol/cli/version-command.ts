/** `version`, the same command in both programs: the program's version and the wire format's. */
import { PROGRAM_VERSION, PROTOCOL_VERSION } from '../version.ts';
import type { Command } from './command.ts';

export function versionCommand(program: string): Command {
  return {
    name: 'version',
    summary: 'print the program and protocol versions',
    usage: '',
    options: {},
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      ctx.out(`${program} ${PROGRAM_VERSION} (protocol ${PROTOCOL_VERSION})`);
      return 0;
    },
  };
}
