/** The file each round writes (the next round reads it; the engine's state names it), and the engine that serves a record. */
import type { ArtifactRecord } from '../../store/index.ts';
import type { PipelineContext } from '../context.ts';
import { PipelineError } from '../errors.ts';
import type { ArtifactEngine } from '../parts.ts';

export function roundOutput(ctx: PipelineContext, record: ArtifactRecord): string {
  return ctx.spool.layout.artifactRoundOutput(record.id, record.round);
}

/** The engine of the record's kind, as prepare stored it (records from before kept it in their facts only). */
export function engineOf(ctx: PipelineContext, record: ArtifactRecord): ArtifactEngine {
  const kind = record.kind ?? record.facts?.kind;
  if (kind === undefined) throw new PipelineError('LOST_STATE', `artifact ${record.id} has no kind: it was never prepared`);
  return ctx.parts.engines[kind];
}
