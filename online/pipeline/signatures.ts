/**
 * Checks a response's signatures before anything is assembled: the to-be-signed bytes are rebuilt
 * here from the request item and the pinned certificate (the same protocol/ code the offline side
 * signs from), and each signature is verified with node:crypto against the pinned public key.
 */
import { constants, verify, X509Certificate } from 'node:crypto';
import type { ItemSignature, SigningItem } from '../../protocol/messages/index.ts';
import type { ToBeSigned } from '../../protocol/signing/to-be-signed.ts';
import { KINDS } from '../../protocol/kinds/index.ts';
import type { Failure, PinnedCertificate } from '../store/index.ts';

export type BuildToBeSigned = (item: SigningItem, certDer: Uint8Array) => readonly ToBeSigned[];

/** Returns undefined when every scheme of the item has exactly one good signature, else why not. */
export function checkItemSignatures(item: SigningItem, pin: PinnedCertificate, signatures: readonly ItemSignature[], build: BuildToBeSigned): Failure | undefined {
  const wanted = [...item.schemes].sort();
  const got = signatures.map((s) => s.scheme).sort();
  if (wanted.join(',') !== got.join(',')) {
    return { code: 'SCHEMES_MISMATCH', message: `signatures for ${got.join(',') || 'nothing'} where ${wanted.join(',')} was requested` };
  }
  let toBeSigned: readonly ToBeSigned[];
  try {
    toBeSigned = build(item, pin.der);
  } catch (error) {
    return { code: 'CANNOT_REBUILD', message: `cannot rebuild what was signed: ${(error as Error).message}` };
  }
  const publicKey = new X509Certificate(pin.der).publicKey;
  for (const tbs of toBeSigned) {
    const signature = signatures.find((s) => s.scheme === tbs.scheme);
    if (signature === undefined) return { code: 'SCHEMES_MISMATCH', message: `no signature for ${tbs.scheme}` };
    if (signature.method !== tbs.method) {
      return { code: 'WRONG_ALGORITHM', message: `${tbs.scheme} signature uses ${signature.method}, the pinned key needs ${tbs.method}` };
    }
    if (publicKey.asymmetricKeyType !== tbs.keyKind) {
      return { code: 'WRONG_KEY_TYPE', message: `${tbs.scheme} is a ${tbs.keyKind} signature but the pinned key is ${String(publicKey.asymmetricKeyType)}` };
    }
    const key = tbs.keyKind === 'rsa' ? { key: publicKey, padding: constants.RSA_PKCS1_PADDING } : { key: publicKey, dsaEncoding: KINDS[item.artifact].ecdsaEncoding === 'der' ? ('der' as const) : ('ieee-p1363' as const) };
    let ok: boolean;
    try {
      ok = verify(tbs.hash, tbs.data, key, signature.signature);
    } catch {
      ok = false; // a malformed signature (bad DER, wrong length) is simply not a good one
    }
    if (!ok) return { code: 'BAD_SIGNATURE', message: `the ${tbs.scheme} signature does not verify against the pinned certificate ${pin.sha256.slice(0, 16)}…` };
  }
  return undefined;
}
