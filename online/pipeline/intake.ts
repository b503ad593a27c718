/**
 * Takes a response in. It must quote the digest of a request of this spool whose session is still
 * open, answer each item exactly once, and every signature must verify against the pinned
 * certificate. Anything else is refused with a typed reason and changes nothing; only a response
 * that passes every check is stored and moves its session to `answered`.
 */
import { toHex } from '../../protocol/bytes.ts';
import type { ErrorMessage, SigningResponse } from '../../protocol/messages/index.ts';
import { itemLabel } from '../../protocol/kinds/index.ts';
import { writeFileDurable } from '../../node/durable.ts';
import { loadPin } from '../store/index.ts';
import type { SessionRecord } from '../store/index.ts';
import { advanceSession } from './context.ts';
import type { PipelineContext } from './context.ts';
import { PipelineError } from './errors.ts';
import { checkItemSignatures } from './signatures.ts';
import { isFailure, madeKeyPin } from './made-key.ts';
import { parseNewKeyRef } from './new-key.ts';

export interface TakenResponse {
  readonly session: SessionRecord;
  readonly signed: number;
  readonly refused: number;
}

function findSession(ctx: PipelineContext, digest: Uint8Array | undefined): SessionRecord {
  const hex = digest === undefined ? undefined : toHex(digest);
  const session = ctx.spool.sessions().find((s) => s.requestDigest !== undefined && s.requestDigest === hex);
  if (session === undefined) throw new PipelineError('RESPONSE_FOREIGN', 'the response answers no request of this spool (another session, another machine, or an old test)');
  if (session.state === 'answered' || session.state === 'closed') {
    throw new PipelineError('RESPONSE_REPLAYED', `session ${session.id} was answered already; this response changes nothing`, { session: session.id });
  }
  if (session.state !== 'open') throw new PipelineError('SESSION_CLOSED', `session ${session.id} is ${session.state}; it takes no response`, { session: session.id });
  return session;
}

async function checkResults(ctx: PipelineContext, session: SessionRecord, response: SigningResponse): Promise<void> {
  const seen = new Set<number>();
  for (const result of response.results) {
    if (result.index >= session.items.length || seen.has(result.index)) {
      throw new PipelineError('RESPONSE_MISMATCH', `the response answers item ${result.index} ${seen.has(result.index) ? 'twice' : 'which the request does not have'}`);
    }
    seen.add(result.index);
  }
  if (seen.size !== session.items.length) throw new PipelineError('RESPONSE_MISMATCH', `the response answers ${seen.size} of the request's ${session.items.length} items`);
  for (const result of response.results) {
    if (result.status !== 'signed') continue;
    const item = session.items[result.index]!;
    const key = session.keys[item.key];
    // A key the signer made for the item: its certificate comes with the answer (made-key.ts).
    const made = madeKeyPin(item, result, key === undefined ? undefined : parseNewKeyRef(key), ctx.parts.toBeSigned);
    if (isFailure(made)) throw new PipelineError(made.code === 'RESPONSE_MISMATCH' ? 'RESPONSE_MISMATCH' : 'RESPONSE_BAD_SIGNATURE', `item ${result.index} (${item.name} ${itemLabel(item).order}): ${made.code}: ${made.message}`);
    if (made !== undefined) continue;
    const pin = key === undefined ? undefined : await loadPin(ctx.spool.layout, key);
    if (pin === undefined) throw new PipelineError('UNKNOWN_KEY', `item ${result.index} is signed with a key that is no longer pinned (${key ?? '?'})`);
    const bad = checkItemSignatures(item, pin, result.signatures, ctx.parts.toBeSigned);
    if (bad !== undefined) throw new PipelineError('RESPONSE_BAD_SIGNATURE', `item ${result.index} (${item.name} ${itemLabel(item).order}): ${bad.code}: ${bad.message}`);
  }
}

async function takeSigningResponse(ctx: PipelineContext, file: Uint8Array, response: SigningResponse): Promise<TakenResponse> {
  let session = findSession(ctx, response.requestDigest);
  await checkResults(ctx, session, response);
  await writeFileDurable(ctx.spool.layout.sessionResponse(session.id), file);
  session = await advanceSession(ctx, session, 'answered', {
    response: { digest: toHex(response.requestDigest), receivedAt: ctx.now(), signedAt: response.signedAt, audit: { seq: response.audit.seq, head: toHex(response.audit.head) }, results: response.results },
  });
  const refused = response.results.filter((r) => r.status === 'refused').length;
  return { session, signed: response.results.length - refused, refused };
}

async function takeErrorMessage(ctx: PipelineContext, message: ErrorMessage): Promise<TakenResponse> {
  const session = findSession(ctx, message.requestDigest);
  const failure = { code: `SIGNER_${message.code}`, message: `the offline signer could not handle the request (${message.code}: ${message.message}); submit the artifacts again` };
  return { session: await advanceSession(ctx, session, 'failed', { failure }), signed: 0, refused: session.items.length };
}

/** Takes in a message file from the offline side: a response, or an error it sent instead. */
export async function takeResponse(ctx: PipelineContext, file: Uint8Array): Promise<TakenResponse> {
  let message;
  try {
    message = ctx.parts.codec.readMessageFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new PipelineError('RESPONSE_UNREADABLE', `the response cannot be read (${typeof code === 'string' ? `${code}: ` : ''}${(error as Error).message})`, { cause: error });
  }
  if (message.kind === 'response') return takeSigningResponse(ctx, file, message);
  if (message.kind === 'error') return takeErrorMessage(ctx, message);
  throw new PipelineError('RESPONSE_WRONG_KIND', `expected a response, got a ${message.kind} message`);
}
