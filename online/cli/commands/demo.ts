/** `airsign demo`: the main job, end to end, on this machine (what `npm run demo` runs). */
import type { Command } from '../../../protocol/cli/index.ts';
import { intOption, stringOption } from '../../../protocol/cli/index.ts';
import { DEFAULT_DENSITY, densityByName, densityNames } from '../../../protocol/frames/index.ts';
import { DemoError, reportLines, runDemo } from '../../demo/index.ts';
import { DEFAULT_DISPLAY_FPS } from '../../optical/index.ts';
import { SEVERITY_NAMES } from '../../optical/simulator/index.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job end to end: a SoftHSM2 token and key ceremony, a real APK and an F-Droid index, signed over the simulated QR link both ways, verified',
  usage: '',
  options: {
    dir: { type: 'string', value: 'DIR', description: 'work in DIR (new or empty; default: a new temporary directory)' },
    keep: { type: 'boolean', description: 'keep the QR videos too (about 100 MB)' },
    apk: { type: 'string', value: 'FILE', description: 'sign this APK instead of the sample (an APK with minSdkVersion < 24 takes two rounds)' },
    'key-type': { type: 'string', value: 'TYPE', description: 'key type of the ceremony', default: 'rsa:3072' },
    density: { type: 'string', value: 'NAME', description: `QR density both ways: ${densityNames().join(', ')}`, default: DEFAULT_DENSITY },
    fps: { type: 'string', value: 'N', description: 'frames per second both screens show', default: String(DEFAULT_DISPLAY_FPS) },
    severity: { type: 'string', value: 'NAME', description: `camera conditions: ${SEVERITY_NAMES.join(', ')}`, default: 'typical' },
    seed: { type: 'string', value: 'N', description: 'seed of the camera simulations', default: '1' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const density = stringOption(ctx.options, 'density') ?? DEFAULT_DENSITY;
    densityByName(density);
    const severity = stringOption(ctx.options, 'severity') ?? 'typical';
    if (!(SEVERITY_NAMES as readonly string[]).includes(severity)) throw new DemoError('USAGE', `--severity must be one of ${SEVERITY_NAMES.join(', ')}`);
    const dir = stringOption(ctx.options, 'dir');
    const apk = stringOption(ctx.options, 'apk');
    const report = runDemo(
      {
        ...(dir === undefined ? {} : { dir }),
        ...(apk === undefined ? {} : { apk }),
        keep: ctx.options.keep === true,
        keyType: stringOption(ctx.options, 'key-type') ?? 'rsa:3072',
        density,
        fps: intOption(ctx.options, 'fps', 1, 60) ?? DEFAULT_DISPLAY_FPS,
        severity,
        seed: intOption(ctx.options, 'seed', 0, 0xffff_ffff) ?? 1,
      },
      ctx.log,
    );
    for (const line of reportLines(report)) ctx.out(line);
    return 0;
  },
};
