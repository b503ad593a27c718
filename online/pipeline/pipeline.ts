/**
 * The pipeline: each record's state is the last event it reached, and each event has one small
 * handler that does its step and records the next event. A pass runs every handler whose event
 * is pending; passes repeat until nothing moves. Because every step is recorded only after its
 * work is durable, and every handler is safe to run twice, a restart after a kill simply runs
 * the pending handlers again.
 */
import type { ArtifactRecord, ArtifactState } from '../store/index.ts';
import type { PipelineContext } from './context.ts';
import { assembleArtifact } from './stages/assemble.ts';
import { batchArtifacts } from './stages/batch.ts';
import { checkArtifact } from './stages/check.ts';
import { prepareArtifact } from './stages/prepare.ts';
import { publishArtifact } from './stages/publish.ts';
import { markRequested, writeRequest } from './stages/request.ts';
import { distributeResponse, failMembers } from './stages/respond.ts';
import { verifyArtifact } from './stages/verify.ts';

type ArtifactHandler = (ctx: PipelineContext, record: ArtifactRecord) => Promise<void>;

/**
 * The handler of each artifact event. `prepared`, `batched` and `requested` have none here: the
 * batcher and the session handlers move them, and `requested` waits for a response.
 */
const ARTIFACT_HANDLERS: Partial<Record<ArtifactState, ArtifactHandler>> = {
  received: prepareArtifact,
  'next-round': prepareArtifact,
  responded: checkArtifact,
  checked: assembleArtifact,
  assembled: verifyArtifact,
  verified: publishArtifact,
};

/** Runs one pass; returns whether anything moved. */
export async function runPass(ctx: PipelineContext): Promise<boolean> {
  let moved = false;
  for (const session of ctx.spool.sessions()) {
    if (session.state === 'forming') {
      await writeRequest(ctx, session);
      moved = true;
    } else if (session.state === 'open') {
      moved = (await markRequested(ctx, session)) || moved;
    } else if (session.state === 'answered') {
      await distributeResponse(ctx, session);
      moved = true;
    } else if (session.state === 'failed') {
      moved = (await failMembers(ctx, session)) || moved;
    }
  }
  moved = (await batchArtifacts(ctx)) || moved;
  for (const record of ctx.spool.artifacts()) {
    const handler = ARTIFACT_HANDLERS[record.state];
    if (handler === undefined) continue;
    await handler(ctx, record);
    moved = true;
  }
  return moved;
}

/** Runs passes until nothing moves: everything is then waiting for a response, for the batch to settle, or done. */
export async function runUntilIdle(ctx: PipelineContext): Promise<void> {
  while (await runPass(ctx)) {
    // each pass moves at least one record one step; the states only go forward, so this ends
  }
}
