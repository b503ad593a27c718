/**
 * received → prepared: the engine reads the artifact (package, version, SDK levels), plans its
 * rounds and prepares the first one. Later rounds are prepared when the round before is
 * assembled (see assemble.ts and publish.ts).
 */
import { loadPin } from '../../store/index.ts';
import type { ArtifactRecord } from '../../store/index.ts';
import { advance, failArtifact, failureFrom, isSystemError, recordIfUnmoved } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { newKeyType, parseNewKeyRef, placeholderPin } from '../new-key.ts';

export async function prepareStage(ctx: PipelineContext, record: ArtifactRecord): Promise<void> {
  const newKey = parseNewKeyRef(record.key);
  const pin = newKey !== undefined ? placeholderPin(record.key, newKey) : await loadPin(ctx.spool.layout, record.key);
  if (pin === undefined) {
    await recordIfUnmoved(ctx, record, (r) => failArtifact(ctx, r, { code: 'UNKNOWN_KEY', message: `no certificate with SHA-256 ${record.key} is pinned; pin it with "airsign certs add" and submit again` }));
    return;
  }
  try {
    const input = ctx.spool.layout.artifactInput(record.id);
    const kind = record.kind ?? record.facts?.kind ?? (await ctx.parts.identify(input, record.fileName));
    const prepared = await ctx.parts.engines[kind].prepare(input, record.fileName, pin, record.schemes, record.manifestProof, newKey === undefined ? undefined : newKeyType(newKey));
    const { facts, rounds, item, state } = prepared;
    await recordIfUnmoved(ctx, record, (r) => advance(ctx, r, 'prepared', { kind, facts, rounds, item, engineState: state }, `round 1 of ${rounds.length}: ${item.schemes.join('+')}`));
  } catch (error) {
    if (isSystemError(error)) throw error;
    await recordIfUnmoved(ctx, record, (r) => failArtifact(ctx, r, failureFrom('UNREADABLE_ARTIFACT', 'the file cannot be prepared for signing (rebuild it, or check it is an APK or JAR)', error)));
  }
}
