/** What a person can do about each refusal of the offline signer. */
import type { RefusalReason } from '../../protocol/messages/index.ts';

const ADVICE: Record<RefusalReason, string> = {
  POLICY_KEY_NOT_ALLOWED: 'the signer\'s policy does not allow this key for it; ask the key holder to change the policy',
  POLICY_PACKAGE_NOT_ALLOWED: 'the signer\'s policy does not allow this package; ask the key holder to add it',
  POLICY_ARTIFACT_KIND_NOT_ALLOWED: 'the signer\'s policy does not sign this kind of file with this key',
  POLICY_VERSION_ROLLBACK: 'its version code is not above the last one signed; raise versionCode and submit again',
  POLICY_TOO_MANY_ITEMS: 'the batch was larger than the signer allows; submit again (it will go in a smaller batch)',
  POLICY_REQUEST_EXPIRED: 'the request was too old when it was scanned; submit again and carry the request over sooner',
  POLICY_REQUEST_FROM_FUTURE: 'the clocks of the two machines disagree; fix the clock and submit again',
  POLICY_ALREADY_SIGNED: 'this exact file was signed before; pick up the earlier signed file',
  UNKNOWN_KEY: 'the signer holds no key with this certificate; check the pinned certificate',
  UNSUPPORTED_ALGORITHM: 'the signer cannot sign with this key\'s algorithm',
  INVALID_ITEM: 'the signer found the request item invalid; report it with the artifact id',
  OPERATOR_REFUSED: 'the operator declined to sign it; ask them why',
  TOKEN_ERROR: 'the HSM failed while signing; submit again',
  PROOF_INVALID: 'its manifest proof does not give the digest it asks to sign; the online side or the file changed: prepare it again',
  PROOF_CLAIMS_DISAGREE: 'the APK\'s own manifest names another package or version than the request said; prepare it again',
  POLICY_PROOF_REQUIRED: 'the signer\'s policy signs this package only with a manifest proof: submit it again with --manifest-proof always',
  ATTESTATION_MALFORMED: 'an attestation carried for it could not be read; make it again with "airsign attest"',
  ATTESTATION_UNKNOWN_KEY: 'it was attested by a key the signer does not pin; ask a pinned rebuilder to attest it',
  ATTESTATION_BAD_SIGNATURE: 'an attestation\'s signature does not verify (forged or altered); ask the rebuilder to attest it again',
  ATTESTATION_KEY_EXPIRED: 'a rebuilder key has expired in the signer\'s policy; ask the key holder to renew it',
  ATTESTATION_WRONG_SUBJECT: 'an attestation is for another file: the rebuilder built something else; compare the builds',
  ATTESTATION_WRONG_PREDICATE: 'an attestation is not an airsign signing-digests statement; attest with "airsign attest"',
  ATTESTATION_WRONG_CLAIM: 'the rebuilder attests another package or version; compare the builds',
  ATTESTATION_WRONG_DIGEST: 'the rebuilder computed another digest to sign: the build is not reproducible, or this file was altered',
  ATTESTATION_SECOND_ROUND: 'the second round of an APK that needs v1 cannot be attested (docs/threat-model.md): sign it v2+v3 only, or not under this rule',
  ATTESTATION_DUPLICATE_SIGNER: 'two attestations came from the same rebuilder key; only distinct keys count',
  ATTESTATION_MISSING: 'its package needs rebuilder attestations and none were carried; attach them with "airsign request --attestations"',
  ATTESTATION_TOO_FEW: 'fewer pinned rebuilders attested it than the policy asks; get more attestations',
  APPROVAL_MALFORMED: 'an approval could not be read; approve again with "airsign approve"',
  APPROVAL_UNKNOWN_KEY: 'an approval is by a key the signer does not pin',
  APPROVAL_BAD_SIGNATURE: 'an approval\'s signature does not verify (forged or altered)',
  APPROVAL_KEY_EXPIRED: 'an approver\'s key is outside its valid-after/valid-before in the signer\'s policy',
  APPROVAL_WRONG_NAMESPACE: 'an approval was signed in another namespace than airsign-request',
  APPROVAL_WRONG_REQUEST: 'an approval is for another request; approve this one',
  APPROVAL_NO_TOUCH: 'a security key approval was made without user presence',
  APPROVAL_DUPLICATE_SIGNER: 'two approvals came from the same key; only distinct approvers count',
  APPROVAL_MISSING: 'the signer needs approvals of each request; collect them with "airsign approve"',
  APPROVAL_TOO_FEW: 'fewer pinned approvers approved the request than the policy asks',
  POLICY_KEY_CREATION_NOT_ALLOWED: 'the signer\'s policy does not allow making a key of this type for this package; ask the key holder to add a createKeys rule (docs/policy.md), or make the key in a ceremony and pin it',
  NEW_KEY_INVALID: 'the signer will not make this key (its alias is on the token already, or the request asked for it twice); pin the existing key, or pick another alias',
};

export function refusalAdvice(reason: RefusalReason): string {
  return ADVICE[reason];
}
