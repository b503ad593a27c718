/**
 * `airsign serve`: the drop-off and pick-up server. HTTPS with mutual TLS: the handshake refuses
 * a client without a certificate from the configured CA (or with an expired one); a certificate
 * the CA signed but the config does not name, or revokes, is refused before any body is read.
 * The pipeline runs in the same process, one step at a time, between requests' spool changes.
 */
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createMutex, isPipelineError, startDriver } from '../pipeline/index.ts';
import type { PipelineContext, PipelineDriver, PipelineParts } from '../pipeline/index.ts';
import { isStoreError, Spool } from '../store/index.ts';
import { addArtifactRoutes } from './api/artifacts.ts';
import { addSessionRoutes } from './api/sessions.ts';
import { addApprovalRoutes } from './api/approvals.ts';
import type { ServerConfig } from './config.ts';
import { ServerError } from './errors.ts';
import { identify } from './identity.ts';
import type { ClientIdentity } from './identity.ts';
import { SubmitterLimiter } from './limits.ts';
import { sendError } from './reply.ts';
import { Router } from './router.ts';

export interface RunningServer {
  readonly url: string;
  readonly router: Router;
  readonly ctx: PipelineContext;
  readonly driver: PipelineDriver;
  close(): Promise<void>;
}

/** HTTP status of a pipeline refusal: a state conflict, or content that cannot be taken. */
function pipelineStatus(code: string): number {
  if (code === 'RESPONSE_REPLAYED' || code === 'SESSION_CLOSED') return 409;
  if (code === 'RESPONSE_FOREIGN' || code === 'NO_SUCH_SESSION') return 404;
  return 422;
}

function replyToError(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  if (error instanceof ServerError) {
    return sendError(res, error.status, error.code, error.message, { ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }), ...(error.reason === undefined ? {} : { reason: error.reason }) });
  }
  if (isPipelineError(error)) return sendError(res, pipelineStatus(error.code), error.code, error.message);
  if (isStoreError(error, 'NOT_FOUND')) return sendError(res, 404, 'NOT_FOUND', error.message);
  log(`internal error: ${(error as Error).stack ?? String(error)}`);
  sendError(res, 500, 'INTERNAL', 'internal error; see the server log');
}

async function dispatch(router: Router, config: ServerConfig, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): Promise<void> {
  try {
    const identity = identify(req.socket as TLSSocket, config);
    if (overCap.has(req.socket)) {
      throw new ServerError('TOO_MANY_CONNECTIONS', `${identity.submitter.name} has more than ${identity.submitter.limits?.connections ?? config.limits.connectionsPerSubmitter} connections open`, { retryAfterSeconds: 5 });
    }
    const url = new URL(req.url ?? '/', 'https://airsign.invalid');
    const found = router.match(req.method ?? 'GET', url);
    if ('allowed' in found) {
      if (found.allowed.length > 0) res.setHeader('allow', found.allowed.join(', '));
      throw new ServerError(found.allowed.length > 0 ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND', `no ${req.method ?? ''} ${url.pathname}${found.allowed.length > 0 ? `; use ${found.allowed.join(' or ')}` : ''}`);
    }
    await found.handler(req, res, { identity, params: found.params, url });
  } catch (error) {
    replyToError(res, error, log);
  }
}

/** Connections of a submitter past its cap: each request on them is refused with a 429. */
const overCap = new WeakSet<object>();

/**
 * The connection limits: the socket-level timeouts, and each submitter's connections counted from
 * its certificate once the handshake is done.
 */
function applyConnectionLimits(server: Server, config: ServerConfig, limiter: SubmitterLimiter): void {
  const { limits } = config;
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersSeconds * 1000;
  server.keepAliveTimeout = limits.idleSeconds * 1000;
  // No fixed limit on a whole request: an upload's body is held to a minimum rate instead (upload.ts).
  server.requestTimeout = 0;
  server.on('secureConnection', (socket: TLSSocket) => {
    let identity: ClientIdentity;
    try {
      identity = identify(socket, config);
    } catch {
      return; // refused with its reason on its first request
    }
    const counted = limiter.openConnection(identity);
    if (!counted.allowed) overCap.add(socket);
    socket.once('close', counted.close);
  });
}

export async function startServer(config: ServerConfig, parts: PipelineParts, log: (line: string) => void): Promise<RunningServer> {
  const spool = await Spool.open(config.state, { create: { pickupDir: 'pickup', pickupLayout: 'by-id' } });
  const ctx: PipelineContext = {
    spool,
    parts,
    policy: { maxItems: config.batch.maxItems, maxOpenSessions: config.batch.maxOpenSessions, settleMs: config.batch.settleSeconds * 1000 },
    now: Date.now,
    log,
    exclusive: createMutex(),
  };
  const driver = startDriver(ctx, Math.max(250, Math.min(2000, (config.batch.settleSeconds * 1000) / 2)));
  const router = new Router();
  const limiter = new SubmitterLimiter(config.limits);
  const deps = { config, ctx, driver, limiter };
  addArtifactRoutes(router, deps);
  addSessionRoutes(router, deps);
  addApprovalRoutes(router, deps);

  const server: Server = createServer(
    {
      cert: config.tls.cert, key: config.tls.key, ca: config.tls.clientCa, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2',
      // A connection that never finishes its handshake is dropped after this.
      handshakeTimeout: config.limits.handshakeSeconds * 1000,
      // How often the headers deadline is checked (Node's default, 30 s, would add up to that to it).
      connectionsCheckingInterval: Math.min(1000, config.limits.headersSeconds * 500),
    },
    (req, res) => void dispatch(router, config, req, res, log),
  );
  // With rejectUnauthorized, Node drops a client whose certificate fails verification; the reason
  // (CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...) is left on the socket.
  applyConnectionLimits(server, config, limiter);
  server.on('tlsClientError', (error: Error & { code?: string }, socket: TLSSocket) =>
    log(`refused a TLS client: ${socket.authorizationError === undefined || socket.authorizationError === null ? `${error.code ?? ''} ${error.message.split('\n')[0] ?? ''}` : String(socket.authorizationError)}`),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  return {
    url: `https://${host}:${port}`,
    router,
    ctx,
    driver,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await driver.stop();
      await spool.close();
    },
  };
}
