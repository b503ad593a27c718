/**
 * Signatures that come back over the link are checked before they go into a file: one per scheme
 * of the round, with the algorithm the key implies, and valid over the bytes we built ourselves.
 * A wrong key, a wrong round or a corrupted signature stops here with BAD_SIGNATURE.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Scheme } from '../../protocol/messages/index.ts';
import { certificateFields } from '../../protocol/signing/index.ts';
import type { SignatureMethod, ToBeSigned } from '../../protocol/signing/index.ts';
import { ApkError } from './errors.ts';

export interface SchemeSignature {
  readonly scheme: Scheme;
  readonly method: SignatureMethod;
  readonly signature: Uint8Array;
}

export function publicKeyOf(certificateDer: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(certificateFields(certificateDer).subjectPublicKeyInfo), format: 'der', type: 'spki' });
}

/** The signature for each to-be-signed item, in the same order; throws BAD_SIGNATURE on any mismatch. */
export function checkSignatures(toBeSigned: readonly ToBeSigned[], signatures: readonly SchemeSignature[], certificateDer: Uint8Array): Uint8Array[] {
  if (signatures.length !== toBeSigned.length) throw new ApkError('BAD_SIGNATURE', `expected ${toBeSigned.length} signature(s), got ${signatures.length}`);
  const key = publicKeyOf(certificateDer);
  return toBeSigned.map((tbs) => {
    const found = signatures.filter((s) => s.scheme === tbs.scheme);
    if (found.length !== 1) throw new ApkError('BAD_SIGNATURE', `expected one ${tbs.scheme} signature, got ${found.length}`);
    const sig = found[0]!;
    if (sig.method !== tbs.method) {
      throw new ApkError('BAD_SIGNATURE', `${tbs.scheme} signature uses ${sig.method}, the key needs ${tbs.method}`);
    }
    if (!verify(tbs.hash, tbs.data, key, sig.signature)) throw new ApkError('BAD_SIGNATURE', `${tbs.scheme} signature does not verify with the certificate's key`);
    return sig.signature;
  });
}
