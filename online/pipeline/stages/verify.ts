/**
 * assembled → verified: the round's output is verified (our verifier, and apksigner/jarsigner
 * where installed) before anything else may use it; its SHA-256 is recorded so publishing can
 * tell the verified file from any other.
 */
import { loadPin, sha256File } from '../../store/index.ts';
import type { ArtifactRecord } from '../../store/index.ts';
import { advance, failArtifact, failureFrom, isSystemError, recordIfUnmoved } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { schemesThrough } from '../rounds.ts';
import { engineOf, roundOutput } from './files.ts';

export async function verifyStage(ctx: PipelineContext, record: ArtifactRecord): Promise<void> {
  const pin = await loadPin(ctx.spool.layout, record.key);
  if (pin === undefined || record.facts === undefined || record.rounds === undefined) {
    await recordIfUnmoved(ctx, record, (r) => failArtifact(ctx, r, { code: 'LOST_STATE', message: 'the record lacks what verification needs; submit the artifact again' }));
    return;
  }
  const output = roundOutput(ctx, record);
  const final = record.round === record.rounds.length - 1;
  try {
    await engineOf(ctx, record).verify(output, record.facts, pin, schemesThrough(record.rounds, record.round), final, ctx.spool.layout.artifactInput(record.id));
  } catch (error) {
    if (isSystemError(error)) throw error;
    await recordIfUnmoved(ctx, record, (r) => failArtifact(ctx, r, failureFrom('VERIFICATION_FAILED', 'the signed file did not verify and was not published (report it with the artifact id)', error)));
    return;
  }
  const verifiedSha256 = await sha256File(output);
  await recordIfUnmoved(ctx, record, (r) => advance(ctx, r, 'verified', { verifiedSha256 }));
}
