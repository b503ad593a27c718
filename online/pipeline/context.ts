/** What every pipeline handler is given, and the one way it records a step. */
import type { ArtifactRecord, ArtifactState, Failure, SessionRecord, SessionState, Spool } from '../store/index.ts';
import type { PipelineParts } from './parts.ts';

/** When the batcher cuts a session. */
export interface BatchPolicy {
  /** Most items in one request. */
  readonly maxItems: number;
  /** Sessions waiting for their response at once; new artifacts wait for the next one. */
  readonly maxOpenSessions: number;
  /** Waits this long after the last artifact was prepared, so a burst of uploads shares one request. */
  readonly settleMs: number;
}

export interface PipelineContext {
  readonly spool: Spool;
  readonly parts: PipelineParts;
  readonly policy: BatchPolicy;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /**
   * Runs one step alone: the server also accepts uploads and responses while the pipeline runs,
   * and each of those, like each handler call, must see and leave the spool consistent.
   */
  readonly exclusive: <T>(step: () => Promise<T>) => Promise<T>;
}

/** For a single process doing one thing at a time (the command line). */
export const runDirectly = <T>(step: () => Promise<T>): Promise<T> => step();

/** Moves an artifact to its next state, durably, with a history line and an event. */
export async function advance(ctx: PipelineContext, record: ArtifactRecord, state: ArtifactState, changes: Partial<ArtifactRecord> = {}, note?: string): Promise<ArtifactRecord> {
  const next: ArtifactRecord = { ...record, ...changes, state };
  next.history = [...record.history, { state, at: ctx.now(), round: next.round, ...(note === undefined ? {} : { note }) }];
  await ctx.spool.saveArtifact(next);
  await ctx.spool.logEvent({ kind: 'artifact', id: next.id, state, round: next.round, ...(note === undefined ? {} : { note }) });
  return next;
}

/**
 * Records the outcome of work done outside the lock (the engine's), only if the record is still
 * where the work began. If anything moved it meanwhile, the work is dropped (it was durable and
 * harmless: a file written atomically, or nothing) and the pass moves on. No lock is needed: the
 * states an artifact step handles (received, responded, checked, assembled, verified) are written
 * by no one but the pass lane that took the record, and a record is saved whole (pipeline.ts).
 */
export async function recordIfUnmoved(ctx: PipelineContext, begun: ArtifactRecord, step: (current: ArtifactRecord) => Promise<unknown>): Promise<void> {
  const current = ctx.spool.artifact(begun.id);
  if (current === undefined || current.state !== begun.state || current.history.length !== begun.history.length) return;
  await step(current);
}

export async function failArtifact(ctx: PipelineContext, record: ArtifactRecord, failure: Failure): Promise<ArtifactRecord> {
  ctx.log(`artifact ${record.id} (${record.fileName}) failed: ${failure.code}: ${failure.message}`);
  return advance(ctx, record, 'failed', { failure }, failure.code);
}

export async function advanceSession(ctx: PipelineContext, session: SessionRecord, state: SessionState, changes: Partial<SessionRecord> = {}): Promise<SessionRecord> {
  const next: SessionRecord = { ...session, ...changes, state };
  next.history = [...session.history, { state, at: ctx.now() }];
  await ctx.spool.saveSession(next);
  await ctx.spool.logEvent({ kind: 'session', id: next.id, state });
  return next;
}

/**
 * Errors from the operating system (disk full, I/O) are not the artifact's fault: they stop the
 * pipeline, which retries later. Anything else an engine throws is a verdict on the artifact.
 */
export function isSystemError(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ('syscall' in e || 'errno' in e) return true;
  }
  return false;
}

export function failureFrom(code: string, what: string, error: unknown): Failure {
  const inner = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  return { code, message: `${what}: ${typeof inner === 'string' ? `${inner}: ` : ''}${detail}` };
}
