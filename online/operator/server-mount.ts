/**
 * The operator page inside `airsign serve`, under /operator/: for clients whose certificate the
 * config names as an operator. The page is the same as `airsign show`'s, over the server's spool.
 */
import { DEFAULT_DENSITY, densityNames } from '../../protocol/frames/index.ts';
import { DEFAULT_CODES_PER_FRAME, DEFAULT_DISPLAY_FPS, DISPLAY_FPS_CHOICES } from '../../protocol/optical/index.ts';
import type { PipelineContext, PipelineDriver } from '../pipeline/index.ts';
import type { RouteContext } from '../server/router.ts';
import type { Router } from '../server/router.ts';
import { findOutsideTools } from './outside-tools.ts';
import { operatorPageFiles } from './page-files.ts';
import { operatorPageHandler } from './page-handler.ts';
import { ServerBackend } from './server-backend.ts';

export const OPERATOR_PAGE_PREFIX = '/operator';

export async function mountOperatorPage(server: { readonly router: Router; readonly ctx: PipelineContext; readonly driver: PipelineDriver }, log: (line: string) => void): Promise<void> {
  const files = await operatorPageFiles();
  const tools = findOutsideTools();
  server.router.mount(OPERATOR_PAGE_PREFIX, async (req, res, route: RouteContext) => {
    if (!route.identity.submitter.operator) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(`${route.identity.submitter.name} is not an operator`);
      return;
    }
    if (route.url.pathname === OPERATOR_PAGE_PREFIX) {
      res.writeHead(308, { location: `${OPERATOR_PAGE_PREFIX}/` }).end();
      return;
    }
    const handler = operatorPageHandler({
      backend: new ServerBackend(server.ctx, server.driver, tools, route.identity.submitter.name),
      files,
      density: DEFAULT_DENSITY,
      codes: DEFAULT_CODES_PER_FRAME,
      fps: DEFAULT_DISPLAY_FPS,
      densities: densityNames(),
      fpsChoices: DISPLAY_FPS_CHOICES,
      log,
    });
    await handler(req, res, route.url.pathname.slice(OPERATOR_PAGE_PREFIX.length + 1));
  });
}
