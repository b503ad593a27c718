/**
 * Drop-off and pick-up for build machines:
 *   POST /v1/artifacts?name=app.apk[&key=<cert sha256>][&schemes=v2,v3]   body: the artifact
 *   GET  /v1/artifacts                 this submitter's artifacts
 *   GET  /v1/artifacts/:id             one artifact's state
 *   GET  /v1/artifacts/:id/signed      the signed file, once ready
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Scheme } from '../../../protocol/messages/index.ts';
import { acceptIncoming, artifactView, checkFileName, inspectSubmitted, parseSchemes } from '../../pipeline/index.ts';
import type { ArtifactRecord } from '../../store/index.ts';
import { isId } from '../../store/index.ts';
import { artifactAllowed } from '../config.ts';
import type { ServerDeps } from '../deps.ts';
import { ServerError } from '../errors.ts';
import { SERVER_KINDS } from '../kinds.ts';
import type { ClientIdentity } from '../identity.ts';
import { sendJson } from '../reply.ts';
import type { Router } from '../router.ts';
import type { UploadSlot } from '../limits.ts';
import { declaredLength, receiveBody } from '../upload.ts';

function chooseKey(identity: ClientIdentity, asked: string | null): string {
  const allowed = identity.submitter.keys;
  const key = asked?.toLowerCase() ?? (allowed.length === 1 ? allowed[0]! : undefined);
  if (key === undefined) throw new ServerError('BAD_REQUEST', `name the key with ?key=<certificate SHA-256>; you may use ${allowed.join(', ') || 'none'}`);
  if (!allowed.includes(key)) throw new ServerError('KEY_NOT_ALLOWED', `${identity.submitter.name} may not sign with the key ${key}`);
  return key;
}

function chooseSchemes(asked: string | null): Scheme[] | undefined {
  if (asked === null) return undefined;
  const schemes = parseSchemes(asked);
  if (schemes === undefined) throw new ServerError('BAD_REQUEST', `schemes must be a list of v1, v2, v3, got "${asked}"`);
  return schemes;
}

function ownArtifact(deps: ServerDeps, identity: ClientIdentity, id: string | undefined): ArtifactRecord {
  const record = id !== undefined && isId(id) ? deps.ctx.spool.artifact(id) : undefined;
  if (record === undefined || (record.submitter.name !== identity.submitter.name && !identity.submitter.operator)) {
    throw new ServerError('NOT_FOUND', `no artifact ${id ?? ''} of yours`);
  }
  return record;
}

async function upload(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, identity: ClientIdentity, url: URL): Promise<void> {
  const fileName = url.searchParams.get('name') ?? '';
  try {
    checkFileName(fileName);
  } catch (error) {
    throw new ServerError('BAD_REQUEST', (error as Error).message);
  }
  const key = chooseKey(identity, url.searchParams.get('key'));
  const schemes = chooseSchemes(url.searchParams.get('schemes'));
  // Counted from before the body is read to the reply: uploads at once, and bytes an hour.
  const slot = deps.limiter.beginUpload(identity, declaredLength(req));
  try {
    await receiveAndAccept(deps, req, res, identity, { fileName, key, schemes }, slot);
  } finally {
    slot.end();
  }
}

async function receiveAndAccept(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, identity: ClientIdentity, asked: { fileName: string; key: string; schemes: Scheme[] | undefined }, slot: UploadSlot): Promise<void> {
  const { fileName, key, schemes } = asked;
  const { spool } = deps.ctx;
  const { limits } = deps.config;
  const incoming = await receiveBody(req, spool.incomingPath(), deps.config.maxUploadBytes, { slot, minBytesPerSecond: limits.minUploadBytesPerSecond, windowSeconds: limits.uploadRateWindowSeconds });
  let accepted = false;
  try {
    const facts = await inspectSubmitted(deps.ctx.parts, incoming.path, fileName).catch((error: unknown) => {
      // The engine's own code (COMPRESSION_RATIO, BAD_LOCAL_HEADER, ...) goes with the refusal.
      const reason = (error as { code?: unknown }).code;
      throw new ServerError('BAD_REQUEST', `the file cannot be read as an APK or JAR: ${(error as Error).message}`, typeof reason === 'string' ? { reason } : {});
    });
    if (!artifactAllowed(identity.submitter, facts.kind, facts.name)) {
      throw new ServerError('PACKAGE_NOT_ALLOWED', `${identity.submitter.name} may not submit ${SERVER_KINDS[facts.kind].named} ${facts.name}`);
    }
    const submitter = { name: identity.submitter.name, fingerprint: identity.fingerprint, subject: identity.subject };
    const { record, duplicate } = await deps.ctx.exclusive(() =>
      acceptIncoming(spool, incoming, { fileName, key, ...(schemes === undefined ? {} : { schemes }), submitter, facts }),
    );
    accepted = true;
    deps.driver.kick();
    sendJson(res, duplicate ? 200 : 201, { duplicate, artifact: artifactView(record) });
  } finally {
    if (!accepted) await rm(incoming.path, { force: true });
  }
}

async function download(deps: ServerDeps, res: ServerResponse, record: ArtifactRecord): Promise<void> {
  if (record.state !== 'ready' || record.output === undefined) {
    throw new ServerError('NOT_READY', record.state === 'failed' ? `it failed: ${record.failure?.code ?? ''}: ${record.failure?.message ?? ''}` : `it is ${record.state}, not signed yet`);
  }
  const kind = record.kind ?? record.facts?.kind;
  const type = kind === undefined ? 'application/octet-stream' : SERVER_KINDS[kind].contentType;
  res.writeHead(200, { 'content-type': type, 'content-disposition': `attachment; filename="${record.fileName}"`, 'x-airsign-sha256': record.verifiedSha256 ?? '' });
  await pipeline(createReadStream(join(deps.ctx.spool.layout.root, record.output)), res);
}

export function addArtifactRoutes(router: Router, deps: ServerDeps): void {
  router
    .add('POST', '/v1/artifacts', (req, res, { identity, url }) => upload(deps, req, res, identity, url))
    .add('GET', '/v1/artifacts', async (_req, res, { identity }) => {
      const mine = deps.ctx.spool.artifacts().filter((a) => identity.submitter.operator || a.submitter.name === identity.submitter.name);
      sendJson(res, 200, { artifacts: mine.map(artifactView) });
    })
    .add('GET', '/v1/artifacts/:id', async (_req, res, { identity, params }) => {
      sendJson(res, 200, { artifact: artifactView(ownArtifact(deps, identity, params.id)) });
    })
    .add('GET', '/v1/artifacts/:id/signed', (_req, res, { identity, params }) => download(deps, res, ownArtifact(deps, identity, params.id)));
}
