/** Which spool a command works on: a session directory, a --state directory, or the server's config. */
import { ProtocolError } from '../../protocol/errors.ts';
import type { OptionSpec, OptionValues } from '../../protocol/cli/index.ts';
import { stringOption } from '../../protocol/cli/index.ts';
import { loadConfig } from '../server/index.ts';

export const SPOOL_OPTIONS: Record<string, OptionSpec> = {
  state: { type: 'string', value: 'DIR', description: 'the spool directory (a server\'s state, or a session directory)' },
  config: { type: 'string', value: 'FILE', description: 'take the spool directory from this server config file' },
};

export async function spoolDir(options: OptionValues, positional?: string): Promise<string> {
  const state = positional ?? stringOption(options, 'state');
  const config = stringOption(options, 'config');
  if (state !== undefined && config !== undefined) throw new ProtocolError('USAGE', 'give the spool directory or --config, not both');
  if (state !== undefined) return state;
  if (config !== undefined) return (await loadConfig(config)).state;
  const env = process.env.AIRSIGN_STATE;
  if (env !== undefined && env !== '') return env;
  throw new ProtocolError('USAGE', 'which spool? give a directory, --state DIR, --config FILE, or set AIRSIGN_STATE');
}
