/**
 * The pipeline: each record's state is the last event it reached, and each event has one small
 * handler that does its step and records the next event. A pass runs every handler whose event
 * is pending; passes repeat until nothing moves. Because every step is recorded only after its
 * work is durable, and every handler is safe to run twice, a restart after a kill simply runs
 * the pending handlers again.
 */
import type { ArtifactRecord, ArtifactState } from '../store/index.ts';
import type { PipelineContext } from './context.ts';
import type { ArtifactEngine } from './parts.ts';
import { assembleStage } from './stages/assemble.ts';
import { batchArtifacts } from './stages/batch.ts';
import { checkStage } from './stages/check.ts';
import { prepareStage } from './stages/prepare.ts';
import { publishStage } from './stages/publish.ts';
import { markRequested, writeRequest } from './stages/request.ts';
import { distributeResponse, failMembers } from './stages/respond.ts';
import { verifyStage } from './stages/verify.ts';

type ArtifactHandler = (ctx: PipelineContext, record: ArtifactRecord) => Promise<void>;

/**
 * The handler of each artifact event. `prepared`, `batched` and `requested` have none here: the
 * batcher and the session handlers move them, and `requested` waits for a response.
 */
const ARTIFACT_HANDLERS: Partial<Record<ArtifactState, ArtifactHandler>> = {
  received: prepareStage,
  responded: checkStage,
  checked: assembleStage,
  assembled: verifyStage,
  verified: publishStage,
};

async function sessionStep(ctx: PipelineContext, id: string): Promise<boolean> {
  const session = ctx.spool.session(id);
  switch (session?.state) {
    case 'forming':
      await writeRequest(ctx, session);
      return true;
    case 'open':
      return markRequested(ctx, session);
    case 'answered':
      await distributeResponse(ctx, session);
      return true;
    case 'failed':
      return failMembers(ctx, session);
    default:
      return false;
  }
}

/**
 * Artifact steps run outside the lock, several at once: the engine work (seconds for a large file)
 * and the record's own durable writes. That is safe because the states they handle are written by
 * nothing else: uploads create new records, the batcher, the session steps, a response's intake and
 * a cancel move only prepared, batched and requested artifacts and sessions, and those run under the
 * lock. So one slow artifact holds neither uploads, responses nor the other artifacts.
 */
async function artifactStep(ctx: PipelineContext, id: string): Promise<boolean> {
  // Read the record again inside the step: another step may have moved it since the pass began.
  const record = ctx.spool.artifact(id);
  const handler = record === undefined ? undefined : ARTIFACT_HANDLERS[record.state];
  if (record === undefined || handler === undefined) return false;
  await handler(ctx, record);
  return true;
}

/** How often an idle lane looks for new work while another lane is still busy (an upload that came meanwhile). */
const IDLE_LOOK_MS = 100;

/**
 * Runs each artifact's pending step, at most `lanes` at once. Each artifact is taken once a pass;
 * a lane that finds nothing while others work keeps looking, so an artifact that arrives during a
 * slow step of another is worked on at once instead of after it. The first error stops new work
 * and is thrown once the steps started have ended.
 */
async function artifactSteps(ctx: PipelineContext, lanes: number): Promise<boolean> {
  const taken = new Set<string>();
  let moved = false;
  let busy = 0;
  let failure: { error: unknown } | undefined;
  // Looked up once, and again only when it runs dry while a lane is busy: a look costs a sort of every id.
  let queue: string[] = [];
  const look = () => {
    queue = ctx.spool.artifactStates().filter((r) => !taken.has(r.id) && ARTIFACT_HANDLERS[r.state] !== undefined).map((r) => r.id);
  };
  look();
  const lane = async () => {
    while (failure === undefined) {
      const id = queue.shift();
      if (id === undefined) {
        if (busy === 0) return;
        await new Promise((resolve) => setTimeout(resolve, IDLE_LOOK_MS));
        look();
        continue;
      }
      if (taken.has(id)) continue;
      taken.add(id);
      busy++;
      try {
        moved = (await artifactStep(ctx, id)) || moved;
      } catch (error) {
        failure ??= { error };
      } finally {
        busy--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  if (failure !== undefined) throw failure.error;
  return moved;
}

/** Runs one pass; returns whether anything moved. */
export async function runPass(ctx: PipelineContext): Promise<boolean> {
  let moved = false;
  for (const session of ctx.spool.sessions()) {
    if (session.state === 'closed') continue;
    moved = (await ctx.exclusive(() => sessionStep(ctx, session.id))) || moved;
  }
  moved = (await ctx.exclusive(() => batchArtifacts(ctx))) || moved;
  // Different artifacts' steps are independent: several run at once, as many as the engine takes.
  moved = (await artifactSteps(ctx, Math.max(...Object.values<ArtifactEngine>(ctx.parts.engines).map((e) => e.concurrency ?? 1)))) || moved;
  return moved;
}

/** Runs passes until nothing moves: everything is then waiting for a response, for the batch to settle, or done. */
export async function runUntilIdle(ctx: PipelineContext): Promise<void> {
  while (await runPass(ctx)) {
    // each pass moves at least one record one step; the states only go forward, so this ends
  }
}
