/** The file each round writes; the next round reads it (the engine's state names it). */
import type { ArtifactRecord } from '../../store/index.ts';
import type { PipelineContext } from '../context.ts';

export function roundOutput(ctx: PipelineContext, record: ArtifactRecord): string {
  return ctx.spool.layout.artifactRoundOutput(record.id, record.round);
}
