import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from '../../../protocol/cli/index.ts';
import { stringOption } from '../../../protocol/cli/index.ts';
import { problemCode } from '../../audit/problem-code.ts';
import { verifyAuditLog } from '../../audit/verify.ts';
import type { AuditReport } from '../../audit/verify.ts';
import { SignerError } from '../../errors.ts';
import { PolicyState } from '../../policy/state.ts';
import { auditLogPath, policyStatePath } from '../../state/paths.ts';
import { anchorCertificates } from '../anchor-certificates.ts';
import { moduleOption, stateDirFrom, stateOption, uriOption } from '../token-options.ts';

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

const WHAT: Partial<Record<string, string>> = {
  AUDIT_CORRUPT: 'corrupt',
  AUDIT_TRUNCATED: 'truncated',
  AUDIT_ANCHOR_INVALID: 'anchor invalid',
  AUDIT_ANCHOR_MISSING: 'anchor missing',
  AUDIT_STATE_MISMATCH: 'does not match the policy state',
};

/** One line for a failed check; the code names the most serious kind of problem found (problem-code.ts). */
function failure(path: string, report: AuditReport): SignerError {
  const code = problemCode(report.problems);
  const first = report.problems[0]!;
  const aside = report.quarantined === undefined ? '' : `; the torn bytes were set aside in ${report.quarantined}`;
  return new SignerError(code, `${path}: ${WHAT[code] ?? code}: ${report.problems.length} problem(s) after ${report.records} record(s); first: ${first.message}${aside}`);
}

export const auditVerifyCommand: Command = {
  name: 'audit verify',
  summary: 'check the audit log: every record, the hash chain, the anchor and its token signature, the policy state against the log; report a torn last record and set it aside',
  usage: '[--log FILE | --state DIR] [--cert FILE ...] [--module PATH] [--uri URI]',
  options: {
    log: { type: 'string', value: 'FILE', description: 'the audit log to check (default: audit.log in the state directory); the policy state beside it is checked against it' },
    state: stateOption,
    cert: { type: 'string', value: 'FILE', multiple: true, description: 'a certificate (PEM or DER) to check the keyed anchor with; otherwise the token\'s certificates are used' },
    module: moduleOption,
    uri: uriOption,
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const named = stringOption(ctx.options, 'log');
    const stateDir = stateDirFrom(ctx.options);
    const path = named ?? auditLogPath(stateDir);
    const statePath = named === undefined ? policyStatePath(stateDir) : join(dirname(path), 'policy-state.json');
    const state = existsSync(statePath) ? PolicyState.load(statePath) : undefined;
    if (state?.hasSigned === true && !existsSync(path)) {
      throw new SignerError('AUDIT_MISSING', `no audit log at ${path}, but the policy state ${statePath} lists ${state.signedRequestDigests().length} signed request(s)`);
    }
    checkPath(path, named !== undefined, stateDir);
    const certificates = anchorCertificates(ctx.options);
    let report: AuditReport;
    try {
      report = verifyAuditLog(path, { state, certificate: certificates.find });
    } finally {
      certificates.close();
    }
    if (!report.ok) {
      // The details go to stdout; stderr gets the one line runProgram prints for the error.
      for (const p of report.problems.slice(0, 20)) ctx.out(`  line ${p.line}: ${p.kind}: ${p.message}`);
      if (report.problems.length > 20) ctx.out(`  ... and ${report.problems.length - 20} more`);
      throw failure(path, report);
    }
    const keyed = report.keyedSeq === undefined ? 'no keyed anchor yet' : `anchor signed in the token at seq ${report.keyedSeq}`;
    const checked = state === undefined ? 'no policy state beside it' : 'policy state matches';
    ctx.out(`${path}: ${report.records} record(s), chain intact; head seq ${report.seq} ${report.head}; ${keyed}; ${checked}`);
    return 0;
  },
};
