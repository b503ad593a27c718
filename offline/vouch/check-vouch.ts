/**
 * What the policy's vouching rules make of a request, before the review: per item who attested
 * it and whether that is enough (`attestations`, for the packages it names), and for the whole
 * request who approved it and whether that is enough (`approvals`). An item short of either is
 * refused, typed: an unattested item of a package that needs attestations is never merely shown.
 */
import type { CarriedEnvelope } from '../../protocol/attest/index.ts';
import { policySubject } from '../../protocol/kinds/index.ts';
import type { RefusalReason, SigningRequest } from '../../protocol/messages/index.ts';
import { globMatches } from '../policy/glob.ts';
import type { Policy } from '../policy/schema.ts';
import type { ApprovalCode, AttestationCode, Rejection } from './codes.ts';
import { rebuilderKey } from './rebuilder-keys.ts';
import { pinnedApprovers, verifyApprovals } from './verify-approvals.ts';
import type { Approver, RequestApprovals } from './verify-approvals.ts';
import { verifyItemAttestations } from './verify-attestations.ts';
import type { Attester } from './verify-attestations.ts';

export interface ItemVouch {
  readonly attesters: readonly Attester[];
  readonly attestationRejections: readonly Rejection<AttestationCode>[];
  /** How many distinct pinned rebuilders the policy asks for this item (0: none). */
  readonly attestationsNeeded: number;
  readonly approvers: readonly Approver[];
  readonly approvalRejections: readonly Rejection<ApprovalCode>[];
  readonly approvalsNeeded: number;
  /** Why the item falls short, or undefined when it has what the policy asks. */
  readonly refusal?: { readonly reason: RefusalReason; readonly detail: string };
}

function shortfall<C extends string>(kind: string, have: number, need: number, rejections: readonly Rejection<C>[], missing: C, tooFew: C): { reason: C; detail: string } | undefined {
  if (have >= need) return undefined;
  const first = rejections[0];
  if (first !== undefined) return { reason: first.code, detail: `${have} of ${need} ${kind}: ${first.detail}` };
  return have === 0 ? { reason: missing, detail: `no ${kind}; the policy asks for ${need}` } : { reason: tooFew, detail: `${have} of ${need} ${kind}` };
}

export interface VouchCheck {
  readonly approvals: RequestApprovals;
  /** One per item, in order. */
  readonly items: readonly ItemVouch[];
}

export function checkVouch(policy: Policy, request: SigningRequest, approvalDigest: Uint8Array, now: number): VouchCheck {
  const rebuilders = policy.attestations?.from.map((e) => rebuilderKey(e)) ?? [];
  const byItem = new Map<number, CarriedEnvelope[]>();
  for (const e of request.vouch?.attestations ?? []) byItem.set(e.item, [...(byItem.get(e.item) ?? []), e]);
  const approvalRule = policy.approvals;
  const approvals = approvalRule === undefined ? verifyApprovals([], approvalDigest, [], now) : verifyApprovals(request.vouch?.approvals ?? [], approvalDigest, pinnedApprovers(approvalRule.of), now);
  const approvalsNeeded = approvalRule?.min ?? 0;
  const approvalShort = shortfall('approvals', approvals.approvers.length, approvalsNeeded, approvals.rejections, 'APPROVAL_MISSING', 'APPROVAL_TOO_FEW');
  const items = request.items.map((item, index): ItemVouch => {
    const rule = policy.attestations;
    const needed = rule !== undefined && rule.packages.some((p) => globMatches(p, policySubject(item).name)) ? rule.min : 0;
    const checked = verifyItemAttestations(item, byItem.get(index) ?? [], rebuilders, now);
    const attestShort = shortfall('attestations', checked.attesters.length, needed, checked.rejections, 'ATTESTATION_MISSING', 'ATTESTATION_TOO_FEW');
    const refusal = attestShort ?? approvalShort;
    return {
      attesters: checked.attesters, attestationRejections: checked.rejections, attestationsNeeded: needed,
      approvers: approvals.approvers, approvalRejections: approvals.rejections, approvalsNeeded,
      ...(refusal === undefined ? {} : { refusal }),
    };
  });
  return { approvals, items };
}
