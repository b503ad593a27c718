/**
 * The digest a request is known by on the signer (response, replay list, stored answers): its
 * message digest, or, when it carries attestations or approvals, its approval digest, which
 * leaves them out (protocol/attest/approval-digest.ts). The same request with approvals attached
 * later is then the same request.
 */
import { approvalDigest } from '../../protocol/attest/index.ts';
import type { SigningRequest } from '../../protocol/messages/index.ts';

export function requestName(request: SigningRequest, messageDigest: Uint8Array): Uint8Array {
  return request.vouch === undefined ? messageDigest : approvalDigest(request);
}
