import { statSync } from 'node:fs';
import type { Command } from '../../../protocol/cli/index.ts';
import { stringOption } from '../../../protocol/cli/index.ts';
import { verifyAuditLog } from '../../audit/verify.ts';
import type { AuditReport } from '../../audit/verify.ts';
import { SignerError } from '../../errors.ts';
import { auditLogPath } from '../../state/paths.ts';
import { stateDirFrom, stateOption } from '../token-options.ts';

/** A log named with --log must exist; a state directory must exist (it may hold no log yet: nothing signed). */
function checkPath(path: string, named: boolean, stateDir: string): void {
  const what = named ? path : stateDir;
  let isFile: boolean;
  try {
    isFile = statSync(what).isFile();
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new SignerError('AUDIT_MISSING', named ? `no audit log at ${path}` : `no state directory at ${stateDir}`, { cause });
    throw new SignerError('IO', `cannot read ${what}`, { cause });
  }
  if (named && !isFile) throw new SignerError('IO', `${path} is not a file`);
}

/** One line for a failed check: the code says truncated (a torn tail, or records missing at the end) or corrupt. */
function failure(path: string, report: AuditReport): SignerError {
  const truncated = report.problems.every((p) => p.kind === 'truncated');
  const first = report.problems[0]!;
  const aside = report.quarantined === undefined ? '' : `; the torn bytes were set aside in ${report.quarantined}`;
  return new SignerError(
    truncated ? 'AUDIT_TRUNCATED' : 'AUDIT_CORRUPT',
    `${path}: ${truncated ? 'truncated' : 'corrupt'}: ${report.problems.length} problem(s) after ${report.records} record(s); first: ${first.message}${aside}`,
  );
}

export const auditVerifyCommand: Command = {
  name: 'audit verify',
  summary: 'check the audit log: every record, the hash chain, the anchor; report a torn last record and set it aside',
  usage: '[--log FILE | --state DIR]',
  options: {
    log: { type: 'string', value: 'FILE', description: 'the audit log to check (default: audit.log in the state directory)' },
    state: stateOption,
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const named = stringOption(ctx.options, 'log');
    const stateDir = stateDirFrom(ctx.options);
    const path = named ?? auditLogPath(stateDir);
    checkPath(path, named !== undefined, stateDir);
    const report = verifyAuditLog(path);
    if (!report.ok) {
      // The details go to stdout; stderr gets the one line runProgram prints for the error.
      for (const p of report.problems.slice(0, 20)) ctx.out(`  line ${p.line}: ${p.kind}: ${p.message}`);
      if (report.problems.length > 20) ctx.out(`  ... and ${report.problems.length - 20} more`);
      throw failure(path, report);
    }
    ctx.out(`${path}: ${report.records} record(s), chain intact; head seq ${report.seq} ${report.head}`);
    return 0;
  },
};
