/**
 * --codes N: how many QR codes each displayed picture (or written picture, or video frame)
 * carries, each an independent fountain frame. The same option and the same refusal on every
 * command of both programs that shows or writes frames as pictures.
 */
import { ProtocolError } from '../errors.ts';
import { CODES_PER_FRAME_CHOICES, DEFAULT_CODES_PER_FRAME } from '../optical/index.ts';
import type { OptionSpec, OptionValues } from './command.ts';

export const CODES_OPTION: OptionSpec = {
  type: 'string',
  value: 'N',
  // No `default` here: the parser would fill it in, and a command must know whether it was given.
  description: `QR codes in each picture, each its own frame: ${CODES_PER_FRAME_CHOICES.join(', ')} (2 side by side, 4 in a 2x2 grid; default ${DEFAULT_CODES_PER_FRAME})`,
};

/** The --codes value, DEFAULT_CODES_PER_FRAME without it; anything else is a USAGE error naming the choices. */
export function codesOption(options: OptionValues): number {
  const value = options.codes;
  if (value === undefined) return DEFAULT_CODES_PER_FRAME;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!CODES_PER_FRAME_CHOICES.includes(n)) {
    throw new ProtocolError('USAGE', `option --codes expects one of ${CODES_PER_FRAME_CHOICES.join(', ')} (codes in each picture), got "${String(value)}"`, { fields: ['codes'] });
  }
  return n;
}
