/**
 * responded → checked: takes this artifact's result out of the session's response. A refusal by
 * the offline signer fails the artifact with the signer's reason; signatures are checked against
 * the pinned certificate (again: the intake checked them too, and this must hold after a restart).
 */
import { loadPin, savePin } from '../../store/index.ts';
import { isFailure, madeKeyPin } from '../made-key.ts';
import { parseNewKeyRef } from '../new-key.ts';
import type { ArtifactRecord } from '../../store/index.ts';
import { advance, failArtifact } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { refusalAdvice } from '../refusals.ts';
import { checkItemSignatures } from '../signatures.ts';

export async function checkStage(ctx: PipelineContext, record: ArtifactRecord): Promise<void> {
  const session = record.session === undefined ? undefined : ctx.spool.session(record.session);
  const member = session?.members.find((m) => m.artifactId === record.id);
  const result = member === undefined ? undefined : session?.response?.results.find((r) => r.index === member.index);
  const item = member === undefined ? undefined : session?.items[member.index];
  if (session === undefined || member === undefined || result === undefined || item === undefined) {
    await failArtifact(ctx, record, { code: 'LOST_RESPONSE', message: `session ${record.session ?? '?'} has no result for this artifact; submit it again` });
    return;
  }
  if (result.status === 'refused') {
    await failArtifact(ctx, record, { code: `REFUSED_${result.reason}`, message: `the offline signer refused it (${result.reason}${result.detail === '' ? '' : `: ${result.detail}`}); ${refusalAdvice(result.reason)}` });
    return;
  }
  const newKey = parseNewKeyRef(record.key);
  const made = madeKeyPin(item, result, newKey, ctx.parts.toBeSigned);
  if (isFailure(made)) {
    await failArtifact(ctx, record, made);
    return;
  }
  if (made !== undefined) {
    // The key the signer made is pinned (as certs add pins one), and the artifact's key is now its certificate.
    if ((await loadPin(ctx.spool.layout, made.sha256)) === undefined) await savePin(ctx.spool.layout, made);
    await advance(ctx, record, 'checked', { key: made.sha256, signatures: result.signatures }, `new key ${newKey!.alias} pinned: certificate ${made.sha256.slice(0, 16)}…`);
    return;
  }
  const pin = await loadPin(ctx.spool.layout, record.key);
  if (pin === undefined) {
    await failArtifact(ctx, record, { code: 'UNKNOWN_KEY', message: `the certificate ${record.key} is no longer pinned; pin it again and submit again` });
    return;
  }
  const bad = checkItemSignatures(item, pin, result.signatures, ctx.parts.toBeSigned);
  if (bad !== undefined) {
    await failArtifact(ctx, record, bad);
    return;
  }
  await advance(ctx, record, 'checked', { signatures: result.signatures });
}
