/**
 * Cancels a session whose response will never come (the request was lost, the signer is gone):
 * it fails, and its artifacts fail with a reason that says to submit them again. A response that
 * arrives later is refused (SESSION_CLOSED). Without this, an open session would hold its
 * artifacts, and a server's batching, forever.
 */
import type { SessionRecord } from '../store/index.ts';
import { advanceSession } from './context.ts';
import type { PipelineContext } from './context.ts';
import { PipelineError } from './errors.ts';
import { failMembers } from './stages/respond.ts';

export async function cancelSession(ctx: PipelineContext, id: string, by: string): Promise<SessionRecord> {
  const session = ctx.spool.session(id);
  if (session === undefined) throw new PipelineError('NO_SUCH_SESSION', `no session ${id}`);
  if (session.state !== 'forming' && session.state !== 'open') throw new PipelineError('SESSION_CLOSED', `session ${id} is ${session.state}; only an open session can be cancelled`, { session: id });
  const failure = { code: 'SESSION_CANCELLED', message: `${by} cancelled session ${id} before its response came; submit the artifact again` };
  const failed = await advanceSession(ctx, session, 'failed', { failure });
  await failMembers(ctx, failed);
  return failed;
}
