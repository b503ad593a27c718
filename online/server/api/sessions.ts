/**
 * For operators (a submitter with "operator": true): the signing sessions, their request files,
 * and handing a response in.
 *   GET  /v1/sessions                  every session
 *   GET  /v1/sessions/:id/request      the request message file
 *   POST /v1/responses                 body: a response (or error) message file
 *   POST /v1/sessions/:id/cancel       gives up on a session whose response will not come
 */
import { readFile } from 'node:fs/promises';
import { LIMITS } from '../../../protocol/limits.ts';
import { cancelSession, sessionView, takeResponse } from '../../pipeline/index.ts';
import { isId } from '../../store/index.ts';
import type { ServerDeps } from '../deps.ts';
import { ServerError } from '../errors.ts';
import type { ClientIdentity } from '../identity.ts';
import { sendJson } from '../reply.ts';
import type { Router } from '../router.ts';
import { readSmallBody } from '../upload.ts';

function requireOperator(identity: ClientIdentity): void {
  if (!identity.submitter.operator) throw new ServerError('NOT_OPERATOR', `${identity.submitter.name} is not an operator`);
}

export function addSessionRoutes(router: Router, deps: ServerDeps): void {
  router
    .add('GET', '/v1/sessions', async (_req, res, { identity }) => {
      requireOperator(identity);
      sendJson(res, 200, { sessions: deps.ctx.spool.sessions().map(sessionView) });
    })
    .add('GET', '/v1/sessions/:id/request', async (_req, res, { identity, params }) => {
      requireOperator(identity);
      const session = params.id !== undefined && isId(params.id) ? deps.ctx.spool.session(params.id) : undefined;
      if (session === undefined || session.requestDigest === undefined) throw new ServerError('NOT_FOUND', `no session ${params.id ?? ''} with a request`);
      const file = await readFile(deps.ctx.spool.layout.sessionRequest(session.id));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length, 'x-airsign-request-digest': session.requestDigest });
      res.end(file);
    })
    .add('POST', '/v1/responses', async (req, res, { identity }) => {
      requireOperator(identity);
      const { limits } = deps.config;
      const file = await readSmallBody(req, LIMITS.maxTransferBytes, { minBytesPerSecond: limits.minUploadBytesPerSecond, windowSeconds: limits.uploadRateWindowSeconds });
      const taken = await deps.ctx.exclusive(() => takeResponse(deps.ctx, file));
      await deps.ctx.spool.logEvent({ kind: 'response', session: taken.session.id, by: identity.submitter.name, signed: taken.signed, refused: taken.refused });
      deps.driver.kick();
      sendJson(res, 200, { session: sessionView(taken.session), signed: taken.signed, refused: taken.refused });
    })
    .add('POST', '/v1/sessions/:id/cancel', async (_req, res, { identity, params }) => {
      requireOperator(identity);
      const id = params.id ?? '';
      if (!isId(id)) throw new ServerError('NOT_FOUND', `no session ${id}`);
      const session = await deps.ctx.exclusive(() => cancelSession(deps.ctx, id, identity.submitter.name));
      deps.driver.kick();
      sendJson(res, 200, { session: sessionView(session) });
    });
}
