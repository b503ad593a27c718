/**
 * What a request carries to vouch for its items, in compact binary form: the rebuilders' DSSE
 * envelopes (payload bytes as signed, not base64; envelopes with byte-identical payloads merged
 * into one with several signatures, as DSSE allows) and the approvers' SSH signatures (SSHSIG,
 * binary). The approval digest (approval-digest.ts) leaves this field out, so attaching approvals
 * never changes what was approved.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { bytes, sha256Bytes, text, uint } from '../messages/fields.ts';
import { MAX_ENVELOPE_SIGNATURES, MAX_PAYLOAD_BYTES } from './dsse.ts';

/** Attestation envelopes in one request: up to 4 per item of a full request. */
export const MAX_CARRIED_ENVELOPES = 4 * LIMITS.maxItems;
/** Approvals of one request. */
export const MAX_APPROVALS = 32;
/** An SSHSIG blob: an RSA 8192 key and signature fit (about 2.1 KiB). */
export const MAX_SSHSIG_BYTES = 4096;

export const CarriedEnvelope = z.strictObject({
  /** The item (index into the request's items) this envelope attests. */
  item: uint(LIMITS.maxItems - 1),
  payloadType: text(200, 1),
  payload: bytes(1, MAX_PAYLOAD_BYTES),
  signatures: z.array(z.strictObject({ keyid: text(200).optional(), sig: bytes(1, LIMITS.maxSignatureBytes) })).min(1).max(MAX_ENVELOPE_SIGNATURES),
});
export type CarriedEnvelope = z.infer<typeof CarriedEnvelope>;

export const CarriedApproval = z.strictObject({
  /** The approval digest the approver says they signed: a signature over another request's is refused as such. */
  requestDigest: sha256Bytes,
  /** The SSHSIG blob `ssh-keygen -Y sign -n airsign-request` wrote, its armor removed. */
  sshsig: bytes(1, MAX_SSHSIG_BYTES),
});
export type CarriedApproval = z.infer<typeof CarriedApproval>;

/** Attestation signatures in one request, all envelopes together: bounds the signer's work (each is tried against the pinned keys). */
export const MAX_CARRIED_SIGNATURES = 4 * LIMITS.maxItems;

export const Vouch = z.strictObject({
  attestations: z
    .array(CarriedEnvelope)
    .max(MAX_CARRIED_ENVELOPES)
    .refine((list) => list.reduce((n, e) => n + e.signatures.length, 0) <= MAX_CARRIED_SIGNATURES, { message: `at most ${MAX_CARRIED_SIGNATURES} attestation signatures in a request` })
    .optional(),
  approvals: z.array(CarriedApproval).max(MAX_APPROVALS).optional(),
});
export type Vouch = z.infer<typeof Vouch>;
