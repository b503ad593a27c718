/**
 * Each item's manifest proof, checked before the policy sees the item: proven (the signer read the
 * manifest itself from bytes that give the very digest it is asked to sign, and the claims agree
 * with it), unproven (no proof: its name and version are the online side's claims), or refused
 * (a proof that fails: PROOF_INVALID, or PROOF_CLAIMS_DISAGREE, the check's code first in the detail).
 */
import { isProofError, verifyManifestProof } from '../../protocol/apk-proof/index.ts';
import type { ManifestFacts } from '../../protocol/apk-proof/index.ts';
import type { RefusalReason, SigningItem } from '../../protocol/messages/index.ts';

export type ProofVerdict =
  | { readonly state: 'proven'; readonly facts: ManifestFacts }
  | { readonly state: 'unproven' }
  | { readonly state: 'refused'; readonly reason: RefusalReason; readonly detail: string };

const UNPROVEN: ProofVerdict = { state: 'unproven' };

export function checkItemProof(item: SigningItem): ProofVerdict {
  if (item.artifact !== 'apk' || item.manifestProof === undefined) return UNPROVEN;
  if (item.v2v3 === undefined) return { state: 'refused', reason: 'PROOF_INVALID', detail: 'PROOF_MALFORMED: a manifest proof proves a v2/v3 content digest, and the item has none' };
  try {
    return { state: 'proven', facts: verifyManifestProof(item.manifestProof, item.v2v3.contentDigest, item) };
  } catch (error) {
    if (!isProofError(error)) throw error;
    const reason: RefusalReason = error.code === 'PROOF_CLAIMS_DISAGREE' ? 'PROOF_CLAIMS_DISAGREE' : 'PROOF_INVALID';
    return { state: 'refused', reason, detail: `${error.code}: ${error.message}`.slice(0, 300) };
  }
}

/** The lines the review shows for proven facts, as facts. */
export function provenLines(facts: ManifestFacts): { readonly what: string; readonly value: string }[] {
  const permissions = facts.permissions.length === 0 ? 'none' : `${facts.permissions.length}: ${facts.permissions.map((p) => p.replace(/^android\.permission\./, '')).join(', ')}`;
  return [
    { what: 'package', value: facts.packageName },
    { what: 'versionCode', value: `${facts.versionCode} (${facts.versionName})` },
    { what: 'SDK', value: `min ${facts.minSdkVersion}, target ${facts.targetSdkVersion}` },
    { what: 'permissions', value: permissions },
  ];
}
