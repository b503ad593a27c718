/**
 * Session answered → closed, artifacts requested → responded; or a failed session fails the
 * artifacts still waiting on it, with the session's reason.
 */
import type { SessionRecord } from '../../store/index.ts';
import { advance, advanceSession, failArtifact } from '../context.ts';
import type { PipelineContext } from '../context.ts';

export async function distributeResponse(ctx: PipelineContext, session: SessionRecord): Promise<void> {
  for (const member of session.members) {
    const record = ctx.spool.artifact(member.artifactId);
    if (record?.state === 'requested' && record.session === session.id) await advance(ctx, record, 'responded', {}, `response to ${session.id}`);
  }
  await advanceSession(ctx, session, 'closed');
}

/** Returns whether anything changed. */
export async function failMembers(ctx: PipelineContext, session: SessionRecord): Promise<boolean> {
  let changed = false;
  for (const member of session.members) {
    const record = ctx.spool.artifact(member.artifactId);
    if ((record?.state === 'batched' || record?.state === 'requested') && record.session === session.id) {
      await failArtifact(ctx, record, session.failure ?? { code: 'SESSION_FAILED', message: `session ${session.id} failed; submit again` });
      changed = true;
    }
  }
  return changed;
}
