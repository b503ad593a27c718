/**
 * What an audit record names of the vouching a signature relied on: the SHA-256 of each counted
 * attestation's statement (its DSSE payload as signed) and of each counted approval (its SSHSIG
 * blob). Empty lists are left out, so records of requests that carry nothing are as before.
 */
import type { ItemVouch } from './check-vouch.ts';

export interface VouchAuditFields {
  readonly attestations?: string[];
  readonly approvals?: string[];
}

export function vouchAuditFields(vouch: ItemVouch | undefined): VouchAuditFields {
  if (vouch === undefined) return {};
  const attestations = [...new Set(vouch.attesters.map((a) => a.statement))];
  const approvals = vouch.approvers.map((a) => a.approval);
  return { ...(attestations.length === 0 ? {} : { attestations }), ...(approvals.length === 0 ? {} : { approvals }) };
}
