/**
 * For approvers (a submitter with "approver": true, authenticated by their client certificate):
 * what an open request asks to sign, and handing in an approval of it.
 *   GET  /v1/sessions/:id/approval     JSON: the approval digest (hex) and the lines `airsign approve` shows
 *   POST /v1/sessions/:id/approvals    body: the .sig of `ssh-keygen -Y sign -n airsign-request` over the digest's 32 bytes
 * The approval is attached to the session's request file; the offline signer verifies it against
 * its pinned approvers (the server checks only that it is an SSH signature in the right namespace).
 */
import { toHex } from '../../../protocol/bytes.ts';
import { approvalDigest } from '../../../protocol/attest/index.ts';
import { AttestError, approvalFromSignature, approvalLines, attachToRequestFile, readRequestFile } from '../../attest/index.ts';
import { isId } from '../../store/index.ts';
import type { SessionRecord } from '../../store/index.ts';
import type { ServerDeps } from '../deps.ts';
import { ServerError } from '../errors.ts';
import type { ClientIdentity } from '../identity.ts';
import { sendJson } from '../reply.ts';
import type { Router } from '../router.ts';
import { readSmallBody } from '../upload.ts';

const MAX_SIGNATURE_FILE = 16 * 1024;

function requireApprover(identity: ClientIdentity): void {
  if (!identity.submitter.approver) throw new ServerError('NOT_APPROVER', `${identity.submitter.name} is not an approver`);
}

function openSession(deps: ServerDeps, id: string | undefined): SessionRecord {
  const session = id !== undefined && isId(id) ? deps.ctx.spool.session(id) : undefined;
  if (session === undefined || session.state !== 'open' || session.requestDigest === undefined) throw new ServerError('NOT_FOUND', `no open session ${id ?? ''} with a request`);
  return session;
}

export function addApprovalRoutes(router: Router, deps: ServerDeps): void {
  router
    .add('GET', '/v1/sessions/:id/approval', async (_req, res, { identity, params }) => {
      requireApprover(identity);
      const session = openSession(deps, params.id);
      const request = await readRequestFile(deps.ctx.spool.layout.sessionRequest(session.id));
      const digest = approvalDigest(request);
      sendJson(res, 200, { session: session.id, approvalDigest: toHex(digest), lines: approvalLines(request, digest) });
    })
    .add('POST', '/v1/sessions/:id/approvals', async (req, res, { identity, params }) => {
      requireApprover(identity);
      const { limits } = deps.config;
      const body = await readSmallBody(req, MAX_SIGNATURE_FILE, { minBytesPerSecond: limits.minUploadBytesPerSecond, windowSeconds: limits.uploadRateWindowSeconds });
      const count = await deps.ctx.exclusive(async () => {
        const session = openSession(deps, params.id);
        const path = deps.ctx.spool.layout.sessionRequest(session.id);
        const digest = approvalDigest(await readRequestFile(path));
        // The session's recorded digest is what the signer's response will quote: the request file must still be it.
        if (toHex(digest) !== session.requestDigest) throw new ServerError('NOT_READY', `session ${session.id}'s request file is not the request it recorded`);
        let approval;
        try {
          approval = approvalFromSignature(Buffer.from(body).toString('utf8'), digest);
        } catch (error) {
          if (error instanceof AttestError) throw new ServerError('BAD_REQUEST', error.message);
          throw error;
        }
        const { request } = await attachToRequestFile(path, { approvals: [approval] });
        return request.vouch?.approvals?.length ?? 0;
      });
      await deps.ctx.spool.logEvent({ kind: 'approval', session: params.id, by: identity.submitter.name });
      sendJson(res, 200, { session: params.id, approvals: count });
    });
}
