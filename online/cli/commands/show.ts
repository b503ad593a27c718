import type { Command } from '../../../protocol/cli/index.ts';
import { CODES_OPTION, codesOption, intOption, stringOption } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { DEFAULT_DENSITY, densityByName, densityNames } from '../../../protocol/frames/index.ts';
import { DEFAULT_DISPLAY_FPS, DISPLAY_FPS_CHOICES } from '../../../protocol/optical/index.ts';
import { WorkspaceBackend, findOutsideTools, operatorPageFiles, operatorPageHandler, startLocalPageServer } from '../../operator/index.ts';
import { Spool } from '../../store/index.ts';
import { realParts } from '../parts.ts';
import { SESSION_OPTION, sessionDir } from '../session-dir.ts';

export const DEFAULT_SHOW_PORT = 8742;

export const showCommand: Command = {
  name: 'show',
  summary: 'the operator page on 127.0.0.1: shows a session\'s request as animated QR codes, scans the response with the webcam, and shows the results',
  usage: '--session <dir>',
  options: {
    session: SESSION_OPTION,
    port: { type: 'string', value: 'N', description: 'port on 127.0.0.1 (0 picks a free one)', default: String(DEFAULT_SHOW_PORT) },
    density: { type: 'string', value: 'NAME', description: `QR density to start with: ${densityNames().join(', ')} (the page can change it)`, default: DEFAULT_DENSITY },
    codes: { ...CODES_OPTION, description: `${CODES_OPTION.description}, to start with (the page can change it)` },
    fps: { type: 'string', value: 'N', description: `frames shown per second to start with (the page offers ${DISPLAY_FPS_CHOICES.join(', ')})`, default: String(DEFAULT_DISPLAY_FPS) },
  },
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    const dir = sessionDir(ctx.options, ctx.positionals);
    const port = intOption(ctx.options, 'port', 0, 65535) ?? DEFAULT_SHOW_PORT;
    const fps = intOption(ctx.options, 'fps', 1, 30) ?? DEFAULT_DISPLAY_FPS;
    const density = densityByName(stringOption(ctx.options, 'density') ?? DEFAULT_DENSITY).name;
    const codes = codesOption(ctx.options);
    // A session directory it is, or a clear error now rather than in the browser.
    await Spool.openReadOnly(dir);
    const backend = new WorkspaceBackend(dir, await realParts(), findOutsideTools(), ctx.log);
    if ((await backend.openRequests()).length === 0) throw new ProtocolError('INCOMPLETE', `no open request in ${dir} (see "airsign status ${dir}")`);
    const handler = operatorPageHandler({
      backend,
      files: await operatorPageFiles(),
      density,
      codes,
      fps,
      densities: densityNames(),
      fpsChoices: DISPLAY_FPS_CHOICES,
      log: ctx.log,
    });
    const server = await startLocalPageServer(handler, port, ctx.log);
    ctx.log('open the page in a browser on this machine; Ctrl-C stops');
    ctx.out(`listening on ${server.url}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return 0;
  },
};
