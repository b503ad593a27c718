/**
 * The certificate the signer returns for a key it made for an item (new-key.ts): it must be there
 * exactly for such items, parse as a certificate (read by `airsign certs add`'s own code), be of
 * the key type asked for, and every signature of the item must verify under it. Then it is what
 * the artifact's key is pinned as.
 */
import type { ItemResult, NewKeyRequest, SigningItem } from '../../protocol/messages/index.ts';
import { certificateKeyType } from '../../protocol/signing/index.ts';
import { certificateFromFile } from '../pins/index.ts';
import type { Failure, PinnedCertificate } from '../store/index.ts';
import { newKeyType } from './new-key.ts';
import { checkItemSignatures } from './signatures.ts';
import type { BuildToBeSigned } from './signatures.ts';

type Signed = Extract<ItemResult, { status: 'signed' }>;

/** The pin of the made key, or why the answer is not acceptable. `spec` undefined: the item named a pinned certificate. */
export function madeKeyPin(item: SigningItem, result: Signed, spec: NewKeyRequest | undefined, build: BuildToBeSigned): PinnedCertificate | Failure | undefined {
  if (spec === undefined) return result.certificate === undefined ? undefined : { code: 'RESPONSE_MISMATCH', message: 'the answer carries a new certificate for an item that named a pinned one' };
  if (result.certificate === undefined) return { code: 'NEW_KEY_NO_CERTIFICATE', message: `the signer signed with a new key "${spec.alias}" but sent no certificate for it` };
  let pin: PinnedCertificate;
  try {
    pin = { ...certificateFromFile(result.certificate), label: spec.alias };
  } catch (error) {
    return { code: 'NEW_KEY_BAD_CERTIFICATE', message: `the new key's certificate cannot be read: ${(error as Error).message}` };
  }
  const wanted = newKeyType(spec);
  let got;
  try {
    got = certificateKeyType(pin.der);
  } catch (error) {
    return { code: 'NEW_KEY_BAD_CERTIFICATE', message: `the new key's certificate holds a key airsign cannot use: ${(error as Error).message}` };
  }
  if (JSON.stringify(got) !== JSON.stringify(wanted)) return { code: 'NEW_KEY_WRONG_TYPE', message: `the new key "${spec.alias}" was asked for as ${spec.keyType}, and its certificate holds another key type` };
  return checkItemSignatures(item, pin, result.signatures, build) ?? pin;
}

export function isFailure(x: PinnedCertificate | Failure | undefined): x is Failure {
  return x !== undefined && 'code' in x;
}
