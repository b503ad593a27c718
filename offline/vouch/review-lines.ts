/**
 * The review's lines under an item for its vouching: which pinned rebuilders attested it (and so
 * that its name, version and every SIGNED digest are what they rebuilt), which approvers approved
 * the request, and each attestation or approval that did not count, with its code.
 */
import type { ItemVouch } from './check-vouch.ts';

export function vouchLines(vouch: ItemVouch | undefined, indent: string): string[] {
  if (vouch === undefined) return [];
  const lines: string[] = [];
  const { attesters, attestationsNeeded: need } = vouch;
  if (attesters.length > 0 || need > 0) {
    const who = attesters.length === 0 ? 'nobody' : attesters.map((a) => a.name).join(', ');
    const what = attesters.length === 0 ? '' : `: name, version and SIGNED digests rebuilt from ${[...new Set(attesters.map((a) => a.source))].join(', ')}`;
    lines.push(`${indent}ATTESTED by ${who} (${attesters.length} of ${need} needed)${what}`);
  }
  if (vouch.approvers.length > 0 || vouch.approvalsNeeded > 0) {
    lines.push(`${indent}APPROVED by ${vouch.approvers.length === 0 ? 'nobody' : vouch.approvers.map((a) => a.name).join(', ')} (${vouch.approvers.length} of ${vouch.approvalsNeeded} needed)`);
  }
  for (const r of vouch.attestationRejections) lines.push(`${indent}not counted: ${r.code}: ${r.detail}`);
  return lines;
}

/** The request's approvals that did not count, once for the whole request. */
export function approvalRejectionLines(vouch: ItemVouch | undefined): string[] {
  return (vouch?.approvalRejections ?? []).map((r) => `  approval not counted: ${r.code}: ${r.detail}`);
}
