/**
 * One person, no server: a session directory is a spool of its own, with signed files landing in
 * its out/ by file name. The same pipeline runs it until it waits: several artifacts' engine work at
 * once, each step recorded under the lock as in the server.
 */
import { createMutex } from '../pipeline/index.ts';
import type { BatchPolicy, PipelineContext } from '../pipeline/index.ts';
import type { PipelineParts } from '../pipeline/index.ts';
import { Spool } from '../store/index.ts';

/**
 * Everything prepared goes into requests at once, nothing waits to settle; more artifacts than the
 * cap make several sessions, each with a request of its own.
 */
export function workspacePolicy(maxItems: number): BatchPolicy {
  return { maxItems, maxOpenSessions: Number.POSITIVE_INFINITY, settleMs: 0 };
}

export async function openWorkspace(dir: string, create: boolean): Promise<Spool> {
  return Spool.open(dir, create ? { create: { pickupDir: 'out', pickupLayout: 'flat' } } : {});
}

export function workspaceContext(spool: Spool, parts: PipelineParts, log: (line: string) => void, maxItems: number): PipelineContext {
  return { spool, parts, policy: workspacePolicy(maxItems), now: Date.now, log, exclusive: createMutex() };
}

/** Request files of the open sessions that hold any of these artifacts, oldest first. */
export function openRequestsFor(spool: Spool, artifactIds: ReadonlySet<string>): string[] {
  return spool
    .sessions()
    .filter((s) => s.state === 'open' && s.members.some((m) => artifactIds.has(m.artifactId)))
    .map((s) => spool.layout.sessionRequest(s.id));
}
