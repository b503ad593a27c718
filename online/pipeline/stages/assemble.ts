/**
 * checked → assembled: the engine writes the signed file of this round (whole or not at all:
 * it writes a temporary file, fsyncs and renames it) and, when another round follows, prepares
 * that round over it. The directory is flushed before the step is recorded.
 */
import { dirname } from 'node:path';
import { syncDir } from '../../../node/durable.ts';
import { loadPin } from '../../store/index.ts';
import type { ArtifactRecord } from '../../store/index.ts';
import { advance, failArtifact, failureFrom, isSystemError, recordIfUnmoved } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { engineOf, roundOutput } from './files.ts';

export async function assembleStage(ctx: PipelineContext, record: ArtifactRecord): Promise<void> {
  const pin = await loadPin(ctx.spool.layout, record.key);
  if (pin === undefined || record.signatures === undefined || record.item === undefined) {
    await recordIfUnmoved(ctx, record, (r) => failArtifact(ctx, r, { code: 'LOST_STATE', message: 'the record lacks what assembly needs; submit the artifact again' }));
    return;
  }
  const output = roundOutput(ctx, record);
  let next;
  try {
    ({ next } = await engineOf(ctx, record).assemble(record.engineState, record.item, pin, record.signatures, output));
    await syncDir(dirname(output));
  } catch (error) {
    if (isSystemError(error)) throw error;
    await recordIfUnmoved(ctx, record, (r) => failArtifact(ctx, r, failureFrom('ASSEMBLY_FAILED', 'the signed file could not be built (nothing was published; report it with the artifact id)', error)));
    return;
  }
  await recordIfUnmoved(ctx, record, (r) => advance(ctx, r, 'assembled', { next: next === undefined ? undefined : { item: next.item, engineState: next.state } }));
}
