/**
 * The session directory of `receive` and `show`: --session DIR, as `request` takes it. The
 * directory as a lone argument (`receive DIR`), these commands' first spelling, still works.
 */
import type { OptionSpec, OptionValues } from '../../protocol/cli/index.ts';
import { stringOption } from '../../protocol/cli/index.ts';
import { ProtocolError } from '../../protocol/errors.ts';

export const SESSION_OPTION: OptionSpec = { type: 'string', value: 'DIR', description: 'the session directory (as request made it; also accepted as the one argument)' };

export function sessionDir(options: OptionValues, positionals: readonly string[]): string {
  const named = stringOption(options, 'session');
  const given = positionals[0];
  if (named !== undefined && given !== undefined && named !== given) throw new ProtocolError('USAGE', `two session directories: --session ${named} and ${given}`, { fields: ['session'] });
  const dir = named ?? given;
  if (dir === undefined) throw new ProtocolError('USAGE', 'which session? give --session DIR', { fields: ['session'] });
  return dir;
}
