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
import { parseNewKeyRef } from '../new-key.ts';

/**
 * The request of a session. Keys the signer is to make (new-key.ts) follow the certificates: an
 * item's key index is remapped from the session's list to the request's certificates, then newKeys.
 */
export function requestOf(session: SessionRecord): SigningRequest {
  const pinned = session.keys.filter((k) => parseNewKeyRef(k) === undefined);
  const made = session.keys.filter((k) => parseNewKeyRef(k) !== undefined);
  const index = (k: string) => (made.includes(k) ? pinned.length + made.indexOf(k) : pinned.indexOf(k));
  const base = { v: PROTOCOL_VERSION, kind: 'request', requestId: Uint8Array.from(session.requestId), issuedAt: session.issuedAt, keys: pinned.map((k) => Uint8Array.from(fromHex(k))) } as const;
  if (made.length === 0) return { ...base, items: [...session.items] };
  return { ...base, newKeys: made.map((k) => parseNewKeyRef(k)!), items: session.items.map((item) => ({ ...item, key: index(session.keys[item.key]!) })) };
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
