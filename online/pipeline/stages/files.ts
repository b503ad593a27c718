/** Which file each round reads and writes. */
import type { ArtifactRecord } from '../../store/index.ts';
import type { PipelineContext } from '../context.ts';

/** Round 0 reads the artifact as submitted; each later round reads the file the round before assembled. */
export function roundInput(ctx: PipelineContext, record: ArtifactRecord): string {
  return record.round === 0 ? ctx.spool.layout.artifactInput(record.id) : ctx.spool.layout.artifactRoundOutput(record.id, record.round - 1);
}

export function roundOutput(ctx: PipelineContext, record: ArtifactRecord): string {
  return ctx.spool.layout.artifactRoundOutput(record.id, record.round);
}
