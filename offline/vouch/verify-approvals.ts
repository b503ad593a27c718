/**
 * The approvals a request carries, checked against the approvers the policy pins (allowed_signers
 * lines): each must be an SSHSIG in the "airsign-request" namespace, by a pinned key inside its
 * validity, over this request's approval digest; a security key's must say the user was present
 * (unless the line says no-touch-required). Counts distinct pinned keys.
 */
import { createHash } from 'node:crypto';
import { APPROVAL_NAMESPACE, parseAllowedSigner, parseSshSignature, sameSshKey } from '../../protocol/attest/index.ts';
import type { AllowedSigner, CarriedApproval } from '../../protocol/attest/index.ts';
import { bytesEqual, toHex } from '../../protocol/bytes.ts';
import type { ApprovalCode, Rejection } from './codes.ts';
import { sshSignatureValid } from './verify-sshsig.ts';

export interface Approver {
  /** The first principal of its allowed_signers line. */
  readonly name: string;
  /** SHA-256 of its public key blob, as ssh-keygen -l shows it (base64 there, hex here). */
  readonly key: string;
  /** SHA-256 of the SSHSIG blob: what the audit record names. */
  readonly approval: string;
}

export interface RequestApprovals {
  readonly approvers: readonly Approver[];
  readonly rejections: readonly Rejection<ApprovalCode>[];
}

export function pinnedApprovers(lines: readonly string[]): AllowedSigner[] {
  return lines.map((l) => parseAllowedSigner(l));
}

export function verifyApprovals(approvals: readonly CarriedApproval[], digest: Uint8Array, pinned: readonly AllowedSigner[], now: number): RequestApprovals {
  const approvers: Approver[] = [];
  const rejections: Rejection<ApprovalCode>[] = [];
  const no = (code: ApprovalCode, detail: string) => rejections.push({ code, detail: detail.slice(0, 200) });
  for (const approval of approvals) {
    let sig;
    try {
      sig = parseSshSignature(approval.sshsig);
    } catch (error) {
      no('APPROVAL_MALFORMED', error instanceof Error ? error.message : 'not an SSH signature');
      continue;
    }
    const signer = pinned.find((p) => sameSshKey(p.key, sig.publicKey));
    const name = signer?.principals[0] ?? sig.publicKey.type;
    if (signer === undefined) {
      no('APPROVAL_UNKNOWN_KEY', `an ${sig.publicKey.type} key not pinned as an approver`);
      continue;
    }
    if (sig.namespace !== APPROVAL_NAMESPACE) {
      no('APPROVAL_WRONG_NAMESPACE', `${name} signed in namespace "${sig.namespace.slice(0, 40)}", not ${APPROVAL_NAMESPACE}`);
      continue;
    }
    if (signer.namespaces !== undefined && !signer.namespaces.includes(APPROVAL_NAMESPACE)) {
      no('APPROVAL_WRONG_NAMESPACE', `${name}'s allowed_signers line does not allow ${APPROVAL_NAMESPACE}`);
      continue;
    }
    if (!bytesEqual(approval.requestDigest, digest)) {
      no('APPROVAL_WRONG_REQUEST', `${name} approved request ${toHex(approval.requestDigest).slice(0, 16)}…, not this one`);
      continue;
    }
    if (!sshSignatureValid(sig, digest)) {
      no('APPROVAL_BAD_SIGNATURE', `${name}'s signature does not verify over this request`);
      continue;
    }
    if ((signer.validAfter !== undefined && now < signer.validAfter) || (signer.validBefore !== undefined && now > signer.validBefore)) {
      no('APPROVAL_KEY_EXPIRED', `${name}'s key is outside its validity in the policy`);
      continue;
    }
    if (sig.sk !== undefined && (sig.sk.flags & 0x01) === 0 && !signer.noTouchRequired) {
      no('APPROVAL_NO_TOUCH', `${name}'s security key did not confirm user presence`);
      continue;
    }
    const key = createHash('sha256').update(signer.key.blob).digest('hex');
    if (approvers.some((a) => a.key === key)) {
      no('APPROVAL_DUPLICATE_SIGNER', `${name} approved twice; counted once`);
      continue;
    }
    approvers.push({ name, key, approval: createHash('sha256').update(approval.sshsig).digest('hex') });
  }
  return { approvers, rejections };
}
