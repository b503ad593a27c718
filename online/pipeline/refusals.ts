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
};

export function refusalAdvice(reason: RefusalReason): string {
  return ADVICE[reason];
}
