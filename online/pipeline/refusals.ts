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
  POLICY_KEY_CREATION_NOT_ALLOWED: 'the signer\'s policy does not allow making a key of this type for this package; ask the key holder to add a createKeys rule (docs/policy.md), or make the key in a ceremony and pin it',
  NEW_KEY_INVALID: 'the signer will not make this key (its alias is on the token already, or the request asked for it twice); pin the existing key, or pick another alias',
};

export function refusalAdvice(reason: RefusalReason): string {
  return ADVICE[reason];
}
