/**
 * Session forming → open, artifacts batched → requested: the request message file is written
 * (atomically) and its digest recorded; the response must quote that digest. Rewriting it after a
 * crash gives the same bytes: the request id and time are fixed in the session record.
 */
import { fromHex, toHex } from '../../../protocol/bytes.ts';
import type { SigningRequest } from '../../../protocol/messages/index.ts';
import { writeFileDurable } from '../../../node/durable.ts';
import type { SessionRecord } from '../../store/index.ts';
import { advance, advanceSession } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { eachMember } from '../each-member.ts';
import { PROTOCOL_VERSION } from '../../../protocol/version.ts';

export function requestOf(session: SessionRecord): SigningRequest {
  return { v: PROTOCOL_VERSION, kind: 'request', requestId: Uint8Array.from(session.requestId), issuedAt: session.issuedAt, keys: session.keys.map((k) => Uint8Array.from(fromHex(k))), items: [...session.items] };
}

export async function writeRequest(ctx: PipelineContext, session: SessionRecord): Promise<void> {
  const { file, digest } = ctx.parts.codec.requestFile(requestOf(session));
  await writeFileDurable(ctx.spool.layout.sessionRequest(session.id), file);
  await advanceSession(ctx, session, 'open', { requestDigest: toHex(digest) });
}

/** Marks the members of an open session as requested. Returns whether anything changed. */
export async function markRequested(ctx: PipelineContext, session: SessionRecord): Promise<boolean> {
  return eachMember(ctx, session, async (record) => {
    if (record.state !== 'batched' || record.session !== session.id) return false;
    await advance(ctx, record, 'requested', {}, `request ${session.id}`);
    return true;
  });
}
