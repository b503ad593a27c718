/**
 * verified → ready, or → prepared for the next round. A verified final file is renamed into the
 * pick-up area: it appears there whole and only after verification. If the process died right
 * after the rename, the file is found in place with the verified digest and the step completes.
 */
import { access } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { mkdirDurable, renameDurable } from '../../../node/durable.ts';
import { sha256File } from '../../store/index.ts';
import type { ArtifactRecord } from '../../store/index.ts';
import { advance, failArtifact } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { engineOf, roundOutput } from './files.ts';
import { signedFileName } from '../signed-file-name.ts';

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export async function publishStage(ctx: PipelineContext, record: ArtifactRecord): Promise<void> {
  const rounds = record.rounds ?? [];
  if (record.round < rounds.length - 1) {
    if (record.next === undefined) {
      await failArtifact(ctx, record, { code: 'LOST_STATE', message: 'the next round was not prepared; submit the artifact again' });
      return;
    }
    const round = record.round + 1;
    const changes = { round, item: record.next.item, engineState: record.next.engineState, next: undefined, signatures: undefined, session: undefined, verifiedSha256: undefined };
    await advance(ctx, record, 'prepared', changes, `round ${round + 1} of ${rounds.length}: ${record.next.item.schemes.join('+')}`);
    return;
  }
  const source = roundOutput(ctx, record);
  const target = ctx.spool.layout.pickupFile(record.id, (engineOf(ctx, record).signedName ?? signedFileName)(record.fileName));
  if (await exists(source)) {
    await mkdirDurable(dirname(target));
    await renameDurable(source, target);
  } else if (!(await exists(target)) || (await sha256File(target)) !== record.verifiedSha256) {
    await failArtifact(ctx, record, { code: 'OUTPUT_LOST', message: 'the verified file is gone from the spool; submit the artifact again' });
    return;
  }
  await advance(ctx, record, 'ready', { output: relative(ctx.spool.layout.root, target) });
}
