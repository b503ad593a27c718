/**
 * Why an attestation or an approval did not count, and why an item falls short of what the
 * policy asks (offline/vouch decides which). Each is also an item's refusal reason in the
 * response: protocol/messages REFUSAL_REASONS spreads both lists.
 */
export const ATTESTATION_CODES = [
  'ATTESTATION_MALFORMED',
  'ATTESTATION_UNKNOWN_KEY',
  'ATTESTATION_BAD_SIGNATURE',
  'ATTESTATION_KEY_EXPIRED',
  'ATTESTATION_WRONG_SUBJECT',
  'ATTESTATION_WRONG_PREDICATE',
  'ATTESTATION_WRONG_CLAIM',
  'ATTESTATION_WRONG_DIGEST',
  'ATTESTATION_SECOND_ROUND',
  'ATTESTATION_DUPLICATE_SIGNER',
  'ATTESTATION_MISSING',
  'ATTESTATION_TOO_FEW',
] as const;
export type AttestationCode = (typeof ATTESTATION_CODES)[number];

export const APPROVAL_CODES = [
  'APPROVAL_MALFORMED',
  'APPROVAL_UNKNOWN_KEY',
  'APPROVAL_BAD_SIGNATURE',
  'APPROVAL_KEY_EXPIRED',
  'APPROVAL_WRONG_NAMESPACE',
  'APPROVAL_WRONG_REQUEST',
  'APPROVAL_NO_TOUCH',
  'APPROVAL_DUPLICATE_SIGNER',
  'APPROVAL_MISSING',
  'APPROVAL_TOO_FEW',
] as const;
export type ApprovalCode = (typeof APPROVAL_CODES)[number];
