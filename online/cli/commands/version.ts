import type { Command } from '../../../protocol/cli/index.ts';
import { PROTOCOL_VERSION } from '../../../protocol/version.ts';

export const versionCommand: Command = {
  name: 'version',
  summary: 'print the program and protocol versions',
  usage: '',
  options: {},
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    ctx.out(`airsign 0.1.0 (protocol ${PROTOCOL_VERSION})`);
    return 0;
  },
};
