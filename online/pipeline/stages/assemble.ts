/**
 * checked → assembled: the engine writes the signed file under a temporary name; it is flushed
 * and renamed to the round's output, so a kill leaves either nothing or the whole file.
 */
import { rm } from 'node:fs/promises';
import { fsyncFile, loadPin, renameDurable, tempPathFor } from '../../store/index.ts';
import type { ArtifactRecord } from '../../store/index.ts';
import { advance, failArtifact, failureFrom, isSystemError } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { roundInput, roundOutput } from './files.ts';

export async function assembleArtifact(ctx: PipelineContext, record: ArtifactRecord): Promise<void> {
  const pin = await loadPin(ctx.spool.layout, record.key);
  if (pin === undefined || record.facts === undefined || record.signatures === undefined) {
    await failArtifact(ctx, record, { code: 'LOST_STATE', message: 'the record lacks what assembly needs; submit the artifact again' });
    return;
  }
  const output = roundOutput(ctx, record);
  const temp = tempPathFor(output);
  try {
    await ctx.parts.engine.assemble(roundInput(ctx, record), record.facts, record.engineState, pin, record.signatures, temp);
    await fsyncFile(temp);
    await renameDurable(temp, output);
  } catch (error) {
    await rm(temp, { force: true });
    if (isSystemError(error)) throw error;
    await failArtifact(ctx, record, failureFrom('ASSEMBLY_FAILED', 'the signed file could not be built (nothing was published; report it with the artifact id)', error));
    return;
  }
  await advance(ctx, record, 'assembled');
}
