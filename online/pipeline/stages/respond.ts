/**
 * Session answered → closed, artifacts requested → responded; or a failed session fails the
 * artifacts still waiting on it, with the session's reason.
 */
import type { SessionRecord } from '../../store/index.ts';
import { advance, advanceSession, failArtifact } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { eachMember } from '../each-member.ts';

export async function distributeResponse(ctx: PipelineContext, session: SessionRecord): Promise<void> {
  await eachMember(ctx, session, async (record) => {
    if (record.state !== 'requested' || record.session !== session.id) return false;
    await advance(ctx, record, 'responded', {}, `response to ${session.id}`);
    return true;
  });
  await advanceSession(ctx, session, 'closed');
}

/** Returns whether anything changed. */
export async function failMembers(ctx: PipelineContext, session: SessionRecord): Promise<boolean> {
  return eachMember(ctx, session, async (record) => {
    if ((record.state !== 'batched' && record.state !== 'requested') || record.session !== session.id) return false;
    await failArtifact(ctx, record, session.failure ?? { code: 'SESSION_FAILED', message: `session ${session.id} failed; submit again` });
    return true;
  });
}
