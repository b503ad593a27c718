/**
 * Why an attestation or an approval did not count, and why an item falls short of what the policy
 * asks (the lists are protocol/attest/refusal-codes.ts: each is also a response's refusal reason).
 */
export { APPROVAL_CODES, ATTESTATION_CODES } from '../../protocol/attest/refusal-codes.ts';
export type { ApprovalCode, AttestationCode } from '../../protocol/attest/refusal-codes.ts';

export interface Rejection<C extends string> {
  readonly code: C;
  readonly detail: string;
}
