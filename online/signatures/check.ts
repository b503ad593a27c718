/**
 * The one check of the signatures that come back over the link, for the pipeline (at intake, and
 * again at its check step after a restart) and for online/apk's assembly (which a library caller
 * reaches without the pipeline): one signature per scheme asked for, with the algorithm the key
 * implies, of the key's type, and valid with node:crypto over the bytes we built ourselves
 * (protocol/signing, the same code the offline side signs from). A malformed signature (bad DER,
 * wrong length) is simply not a good one.
 */
import { constants, verify, X509Certificate } from 'node:crypto';
import type { SignatureScheme } from '../../protocol/messages/index.ts';
import type { SignatureMethod, ToBeSigned } from '../../protocol/signing/index.ts';

export interface SchemeSignature {
  readonly scheme: SignatureScheme;
  readonly method: SignatureMethod;
  readonly signature: Uint8Array;
}

export type SignatureProblemCode = 'SCHEMES_MISMATCH' | 'WRONG_ALGORITHM' | 'WRONG_KEY_TYPE' | 'BAD_SIGNATURE';

export interface SignatureProblem {
  readonly code: SignatureProblemCode;
  readonly message: string;
}

/** Exactly the schemes asked for, each once; undefined when so. */
export function schemesProblem(wanted: readonly SignatureScheme[], signatures: readonly SchemeSignature[]): SignatureProblem | undefined {
  const want = [...wanted].sort();
  const got = signatures.map((s) => s.scheme).sort();
  if (want.join(',') === got.join(',')) return undefined;
  return { code: 'SCHEMES_MISMATCH', message: `signatures for ${got.join(',') || 'nothing'} where ${want.join(',')} was requested` };
}

/**
 * Undefined when each to-be-signed item has its one good signature, else the first problem.
 * `certificate` names the certificate in a message ("the pinned certificate 3f2a…"); `ecdsaEncoding`
 * is how the item's kind encodes an ECDSA signature (protocol/kinds: DER for APKs and JARs).
 */
export function signatureProblem(
  toBeSigned: readonly ToBeSigned[],
  signatures: readonly SchemeSignature[],
  certificateDer: Uint8Array,
  certificate = 'the certificate',
  ecdsaEncoding: 'der' | 'raw' = 'der',
): SignatureProblem | undefined {
  const schemes = schemesProblem(toBeSigned.map((t) => t.scheme), signatures);
  if (schemes !== undefined) return schemes;
  const publicKey = new X509Certificate(certificateDer).publicKey;
  for (const tbs of toBeSigned) {
    const signature = signatures.find((s) => s.scheme === tbs.scheme)!;
    if (signature.method !== tbs.method) {
      return { code: 'WRONG_ALGORITHM', message: `${tbs.scheme} signature uses ${signature.method}, the key needs ${tbs.method}` };
    }
    if (publicKey.asymmetricKeyType !== tbs.keyKind) {
      return { code: 'WRONG_KEY_TYPE', message: `${tbs.scheme} is a ${tbs.keyKind} signature but the key of ${certificate} is ${String(publicKey.asymmetricKeyType)}` };
    }
    const key = tbs.keyKind === 'rsa' ? { key: publicKey, padding: constants.RSA_PKCS1_PADDING } : { key: publicKey, dsaEncoding: ecdsaEncoding === 'der' ? ('der' as const) : ('ieee-p1363' as const) };
    let ok: boolean;
    try {
      ok = verify(tbs.hash, tbs.data, key, signature.signature);
    } catch {
      ok = false;
    }
    if (!ok) return { code: 'BAD_SIGNATURE', message: `the ${tbs.scheme} signature does not verify against ${certificate}` };
  }
  return undefined;
}
