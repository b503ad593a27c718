/**
 * The approval digest of a request: SHA-256 of the canonical encoding of the request with its
 * `vouch` field left out. Approvers sign it; the signer's response quotes it as `requestDigest`,
 * and the replay list keys on it. For a request without `vouch` it is the message digest itself,
 * so requests that carry nothing are named as before.
 */
import { messageDigest } from '../messages/digest.ts';
import type { SigningRequest } from '../messages/request.ts';

export function approvalDigest(request: SigningRequest): Uint8Array {
  const { vouch: _vouch, ...core } = request;
  void _vouch;
  return messageDigest(core);
}

/** What an approver's SSH signature covers: these 32 bytes, in the "airsign-request" namespace. */
export const APPROVAL_NAMESPACE = 'airsign-request';
