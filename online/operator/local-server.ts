/**
 * `airsign show`'s server: the operator page at the root of 127.0.0.1:PORT, nothing else. Requests
 * must name this server as their host, so a page elsewhere cannot reach it by a DNS name that
 * points here (DNS rebinding).
 */
import { createServer } from 'node:http';
import type { OperatorPageHandler } from './page-handler.ts';

export interface LocalPageServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startLocalPageServer(handler: OperatorPageHandler, port: number, log: (line: string) => void): Promise<LocalPageServer> {
  let bound = port;
  const server = createServer((req, res) => {
    const host = req.headers.host;
    if (host !== `127.0.0.1:${bound}` && host !== `localhost:${bound}`) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('this server answers to 127.0.0.1 only');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\//, '');
    handler(req, res, path).catch((error: unknown) => {
      log(`operator page: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  bound = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
