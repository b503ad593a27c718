/** The one error code for a set of audit problems: the most serious kind found decides. */
import type { SignerErrorCode } from '../errors.ts';
import type { Problem } from './scan.ts';

const ORDER: readonly [Problem['kind'][], SignerErrorCode][] = [
  [['malformed', 'edited', 'sequence', 'chain'], 'AUDIT_CORRUPT'],
  [['anchor-missing'], 'AUDIT_ANCHOR_MISSING'],
  [['anchor'], 'AUDIT_ANCHOR_INVALID'],
  [['state'], 'AUDIT_STATE_MISMATCH'],
  [['truncated'], 'AUDIT_TRUNCATED'],
];

export function problemCode(problems: readonly Problem[]): SignerErrorCode {
  for (const [kinds, code] of ORDER) if (problems.some((p) => kinds.includes(p.kind))) return code;
  return 'AUDIT_CORRUPT';
}
