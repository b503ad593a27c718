import type { Command } from '../../../protocol/cli/index.ts';
import { stringOption } from '../../../protocol/cli/index.ts';
import { verifyAuditLog } from '../../audit/verify.ts';
import { SignerError } from '../../errors.ts';
import { auditLogPath } from '../../state/paths.ts';
import { stateDirFrom, stateOption } from '../token-options.ts';

export const auditVerifyCommand: Command = {
  name: 'audit verify',
  summary: 'check the audit log: every record, the hash chain, the anchor; set a torn last record aside',
  usage: '[--log FILE | --state DIR]',
  options: {
    log: { type: 'string', value: 'FILE', description: 'the audit log to check (default: audit.log in the state directory)' },
    state: stateOption,
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const path = stringOption(ctx.options, 'log') ?? auditLogPath(stateDirFrom(ctx.options));
    const report = verifyAuditLog(path);
    if (report.quarantined !== undefined) ctx.log(`a torn last record (a write cut short by a crash) was set aside in ${report.quarantined}`);
    for (const p of report.problems.slice(0, 20)) ctx.log(`  ${p.kind}: ${p.message}`);
    if (report.problems.length > 20) ctx.log(`  ... and ${report.problems.length - 20} more`);
    if (!report.ok) {
      const truncated = report.problems.every((p) => p.kind === 'truncated');
      throw new SignerError(truncated ? 'AUDIT_TRUNCATED' : 'AUDIT_CORRUPT', `${path}: ${report.problems.length} problem(s) in ${report.records} record(s)`);
    }
    ctx.out(`${path}: ${report.records} record(s), chain intact; head seq ${report.seq} ${report.head}`);
    return 0;
  },
};
