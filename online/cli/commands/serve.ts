import type { Command } from '../../../protocol/cli/index.ts';
import { requireOption } from '../../../protocol/cli/index.ts';
import { loadConfig, startServer } from '../../server/index.ts';
import { realParts } from '../parts.ts';
import { OPERATOR_PAGE_PREFIX, mountOperatorPage } from '../../operator/index.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the drop-off and pick-up server for build machines (HTTPS, mutual TLS) and its pipeline',
  usage: '',
  options: { config: { type: 'string', value: 'FILE', description: 'the server config file (JSON; see docs/online.md)' } },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const config = await loadConfig(requireOption(ctx.options, 'config'));
    const log = (line: string) => ctx.log(`${new Date().toISOString()} ${line}`);
    const server = await startServer(config, await realParts(), log);
    await mountOperatorPage(server, log);
    ctx.log(`operator page: ${server.url}${OPERATOR_PAGE_PREFIX}/ (an operator's client certificate)`);
    ctx.out(`listening on ${server.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    ctx.log('stopping: finishing the current step');
    await server.close();
    return 0;
  },
};
