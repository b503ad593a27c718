/**
 * received / next-round → prepared: reads the artifact (first round only), plans its rounds, and
 * asks the engine for this round's request item.
 */
import { fromHex } from '../../../protocol/bytes.ts';
import { loadPin } from '../../store/index.ts';
import type { ArtifactRecord } from '../../store/index.ts';
import { advance, failArtifact, failureFrom, isSystemError } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { planRounds } from '../rounds.ts';
import { roundInput } from './files.ts';

export async function prepareArtifact(ctx: PipelineContext, record: ArtifactRecord): Promise<void> {
  const pin = await loadPin(ctx.spool.layout, record.key);
  if (pin === undefined) {
    await failArtifact(ctx, record, { code: 'UNKNOWN_KEY', message: `no certificate with SHA-256 ${record.key} is pinned; pin it with "airsign certs add" and submit again` });
    return;
  }
  const { engine } = ctx.parts;
  const input = roundInput(ctx, record);
  try {
    const facts = record.facts ?? (await engine.inspect(input, record.fileName));
    const rounds = record.rounds ?? planRounds(record.schemes ?? engine.defaultSchemes(facts));
    const schemes = rounds[record.round];
    if (schemes === undefined || schemes.length === 0) {
      await failArtifact(ctx, record, { code: 'NO_SCHEMES', message: 'no signature scheme applies to this artifact; give the schemes explicitly' });
      return;
    }
    const { fields, state } = await engine.prepare(input, facts, pin, schemes);
    const item = { artifact: facts.kind, name: facts.name, versionCode: facts.versionCode, versionName: facts.versionName, sha256: Uint8Array.from(fromHex(record.sha256)), schemes, ...fields };
    await advance(ctx, record, 'prepared', { facts, rounds, item, engineState: state }, `round ${record.round + 1} of ${rounds.length}: ${schemes.join('+')}`);
  } catch (error) {
    if (isSystemError(error)) throw error;
    await failArtifact(ctx, record, failureFrom('UNREADABLE_ARTIFACT', 'the file cannot be prepared for signing (rebuild it, or check it is an APK or JAR)', error));
  }
}
