/**
 * Moves a session's members a few at a time instead of one after another: each member's record is
 * its own file, durable on its own, so their writes (and the disk's flushes) can overlap; 1000
 * members one fsync pair after another took minutes on a busy disk. Returns whether any moved.
 */
import type { ArtifactRecord, SessionRecord } from '../store/index.ts';
import type { PipelineContext } from './context.ts';

const AT_ONCE = 16;

export async function eachMember(ctx: PipelineContext, session: SessionRecord, move: (record: ArtifactRecord) => Promise<boolean>): Promise<boolean> {
  let moved = false;
  const members = session.members;
  for (let at = 0; at < members.length; at += AT_ONCE) {
    const done = await Promise.all(
      members.slice(at, at + AT_ONCE).map(async (member) => {
        const record = ctx.spool.artifact(member.artifactId);
        return record === undefined ? false : move(record);
      }),
    );
    moved = done.includes(true) || moved;
  }
  return moved;
}
