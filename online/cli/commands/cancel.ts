import type { Command } from '../../../protocol/cli/index.ts';
import { cancelSession } from '../../pipeline/index.ts';
import { loadBatchCap, openWorkspace, workspaceContext } from '../../session/index.ts';
import { realParts } from '../parts.ts';
import { SPOOL_OPTIONS, spoolDir } from '../spool-dir.ts';

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'give up on an open signing session whose response will not come; its artifacts fail and can be submitted again',
  usage: '<session id>',
  options: { ...SPOOL_OPTIONS },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    // A running server holds the spool's lock: cancel through its API (POST /v1/sessions/<id>/cancel) then.
    const dir = await spoolDir(ctx.options);
    const spool = await openWorkspace(dir, false);
    try {
      const pipeline = workspaceContext(spool, await realParts(), ctx.log, await loadBatchCap(dir));
      const session = await cancelSession(pipeline, ctx.positionals[0]!, 'the operator');
      ctx.out(`cancelled session ${session.id}; ${session.members.length} artifact(s) failed with SESSION_CANCELLED`);
    } finally {
      await spool.close();
    }
    return 0;
  },
};
