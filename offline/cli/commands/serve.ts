import type { Command } from '../../../protocol/cli/index.ts';
import { CODES_OPTION, codesOption, intOption, requireOption } from '../../../protocol/cli/index.ts';
import { DEFAULT_DENSITY, densityNames } from '../../../protocol/frames/index.ts';
import { DEFAULT_DISPLAY_FPS, DISPLAY_FPS_CHOICES } from '../../../protocol/optical/index.ts';
import { loadPolicy } from '../../policy/load.ts';
import { DEFAULT_IDLE_LOGOUT_MS, SigningDesk, loadServedFiles, startSignerPage } from '../../serve/index.ts';
import { densityFrom } from '../answer-options.ts';
import { moduleArgsOption, moduleOption, openSignerFrom, stateOption, uriOption } from '../token-options.ts';

export const DEFAULT_PAGE_PORT = 8741;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'the signer page on 127.0.0.1: scan a request with the camera, review, sign or refuse, show the answer as QR codes',
  usage: '--policy <policy.json>',
  options: {
    port: { type: 'string', value: 'N', description: 'port on 127.0.0.1 (0 picks a free one)', default: String(DEFAULT_PAGE_PORT) },
    policy: { type: 'string', value: 'FILE', description: 'the policy (see docs/policy.md)' },
    state: stateOption,
    uri: uriOption,
    module: moduleOption,
    'module-args': moduleArgsOption,
    density: { type: 'string', value: 'NAME', description: `QR density of the answer frames: ${densityNames().join(', ')}`, default: DEFAULT_DENSITY },
    codes: CODES_OPTION,
    fps: { type: 'string', value: 'N', description: `answer frames shown per second (${DISPLAY_FPS_CHOICES.join(', ')}, ...)`, default: String(DEFAULT_DISPLAY_FPS) },
    'idle-logout': { type: 'string', value: 'SECONDS', description: 'log the token out this long after the PIN if no decision follows (it is logged out after every batch anyway)', default: String(DEFAULT_IDLE_LOGOUT_MS / 1000) },
    'allow-network': { type: 'boolean', description: 'sign even while a network interface is up' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const port = intOption(ctx.options, 'port', 0, 65535) ?? DEFAULT_PAGE_PORT;
    const fps = intOption(ctx.options, 'fps', 1, 30) ?? DEFAULT_DISPLAY_FPS;
    const density = densityFrom(ctx.options);
    const codes = codesOption(ctx.options);
    const idleLogoutMs = (intOption(ctx.options, 'idle-logout', 1, 3600) ?? DEFAULT_IDLE_LOGOUT_MS / 1000) * 1000;
    const policyPath = requireOption(ctx.options, 'policy');
    const policy = loadPolicy(policyPath);
    const files = await loadServedFiles();
    const signer = openSignerFrom(ctx.options, policy, ctx.log);
    try {
      const desk = new SigningDesk({ signer, policyPath, density, codes, fps, idleLogoutMs, log: ctx.log });
      const server = await startSignerPage(desk, files, { port, log: ctx.log });
      ctx.log(`token "${signer.token.info.label}"; open this address (it holds a one-time secret) in a browser on this laptop; Ctrl-C stops`);
      ctx.out(`listening on ${server.url}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      desk.shutdown();
      return 0;
    } finally {
      signer.close();
    }
  },
};
