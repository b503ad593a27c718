/** Options for writing an answer as frames: the QR density, codes a picture and how many frames. */
import type { OptionValues } from '../../protocol/cli/index.ts';
import { CODES_OPTION, codesOption, intOption, stringOption } from '../../protocol/cli/index.ts';
import { DEFAULT_DENSITY, densityByName, densityNames } from '../../protocol/frames/index.ts';
import { DEFAULT_DISPLAY_FPS } from '../../protocol/optical/index.ts';
import type { DensityName } from '../../protocol/frames/index.ts';
import { SignerError } from '../errors.ts';
import type { AnswerOptions } from '../link/write-response.ts';

export const answerOptions = {
  density: { type: 'string', value: 'NAME', description: `QR density of response frames: ${densityNames().join(', ')}`, default: DEFAULT_DENSITY },
  'frame-count': { type: 'string', value: 'N', description: 'frames to write (default: enough to decode with a margin for lost frames)' },
  // --format, as the online commands spell it; --frame-format was this option's first name.
  format: { type: 'string', value: 'NAME', description: 'frames in a directory: png (QR pictures) or bin (frame files)', default: 'png', aliases: ['frame-format'] },
  codes: CODES_OPTION,
  fps: { type: 'string', value: 'N', description: `frames per second of a y4m video (default: ${DEFAULT_DISPLAY_FPS})` },
} as const;

/** --density, checked: a usage error names the presets. */
export function densityFrom(options: OptionValues): DensityName {
  const name = stringOption(options, 'density') ?? DEFAULT_DENSITY;
  try {
    return densityByName(name).name;
  } catch (cause) {
    throw new SignerError('USAGE', `--density must be one of ${densityNames().join(', ')}`, { cause });
  }
}

export function answerOptionsFrom(options: OptionValues): AnswerOptions {
  const name = densityFrom(options);
  const frameFormat = stringOption(options, 'format') ?? 'png';
  if (frameFormat !== 'png' && frameFormat !== 'bin') throw new SignerError('USAGE', '--format must be png or bin');
  const codes = codesOption(options);
  if (frameFormat === 'bin' && options.codes !== undefined) throw new SignerError('USAGE', '--codes applies to QR pictures and video, not to binary frame files (--format bin)');
  return { density: name, frameCount: intOption(options, 'frame-count', 1, 100_000), frameFormat, fps: intOption(options, 'fps', 1, 60), codes };
}
