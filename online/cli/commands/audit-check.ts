import type { Command } from '../../../protocol/cli/index.ts';
import { requireOption } from '../../../protocol/cli/index.ts';
import { AuditCheckError, checkHeads } from '../../audit/index.ts';
import type { ReceivedHead } from '../../audit/index.ts';
import { Spool } from '../../store/index.ts';
import { SPOOL_OPTIONS, spoolDir } from '../spool-dir.ts';

/** The heads every answered session of the spools received. */
function receivedHeads(spools: readonly Spool[]): ReceivedHead[] {
  return spools.flatMap((spool) =>
    spool.sessions().flatMap((s) => (s.response === undefined ? [] : [{ session: s.id, seq: s.response.audit.seq, head: s.response.audit.head, request: s.response.digest, signed: s.response.results.filter((r) => r.status === 'signed').length }])),
  );
}

export const auditCheckCommand: Command = {
  name: 'audit check',
  summary: 'check an exported offline audit log against the audit heads the responses in these spools carried',
  usage: '--log <exported audit.log> [<spool or session dir> ...]',
  options: {
    log: { type: 'string', value: 'FILE', description: 'the offline audit log, exported (a copy of audit.log from the signer\'s state directory)' },
    ...SPOOL_OPTIONS,
  },
  positionals: { min: 0, max: 1000 },
  async run(ctx) {
    const log = requireOption(ctx.options, 'log');
    const dirs = ctx.positionals.length > 0 ? ctx.positionals : [await spoolDir(ctx.options)];
    const spools = await Promise.all(dirs.map((d) => Spool.openReadOnly(d)));
    const report = await checkHeads(log, receivedHeads(spools));
    if (report.problems.length > 0) {
      for (const p of report.problems.slice(0, 20)) ctx.out(`  ${p.code}: ${p.message}`);
      if (report.problems.length > 20) ctx.out(`  ... and ${report.problems.length - 20} more`);
      const first = report.problems[0]!;
      throw new AuditCheckError(first.code, `${log}: ${report.problems.length} of ${report.checked} received head(s) fail; first: ${first.message}`);
    }
    ctx.out(`${log}: ${report.records} record(s), chain intact; all ${report.checked} head(s) the responses carried are in it; head seq ${report.seq} ${report.head}`);
    return 0;
  },
};
