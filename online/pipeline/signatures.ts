/**
 * Checks a response's signatures before anything is assembled: the to-be-signed bytes are rebuilt
 * here from the request item and the pinned certificate (the same protocol/ code the offline side
 * signs from), and each signature is checked by online/signatures against the pinned public key.
 */
import type { ItemSignature, SigningItem } from '../../protocol/messages/index.ts';
import type { ToBeSigned } from '../../protocol/signing/to-be-signed.ts';
import { KINDS } from '../../protocol/kinds/index.ts';
import { schemesProblem, signatureProblem } from '../signatures/index.ts';
import type { Failure, PinnedCertificate } from '../store/index.ts';

export type BuildToBeSigned = (item: SigningItem, certDer: Uint8Array) => readonly ToBeSigned[];

/** Returns undefined when every scheme of the item has exactly one good signature, else why not. */
export function checkItemSignatures(item: SigningItem, pin: PinnedCertificate, signatures: readonly ItemSignature[], build: BuildToBeSigned): Failure | undefined {
  const schemes = schemesProblem(item.schemes, signatures);
  if (schemes !== undefined) return schemes;
  let toBeSigned: readonly ToBeSigned[];
  try {
    toBeSigned = build(item, pin.der);
  } catch (error) {
    return { code: 'CANNOT_REBUILD', message: `cannot rebuild what was signed: ${(error as Error).message}` };
  }
  return signatureProblem(toBeSigned, signatures, pin.der, `the pinned certificate ${pin.sha256.slice(0, 16)}…`, KINDS[item.artifact].ecdsaEncoding);
}
