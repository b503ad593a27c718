/** A token's signature as the item's kind carries it: ECDSA's raw r||s in DER, or as it is. */
import { ecdsaRawToDer } from '../signing/ecdsa.ts';
import { KINDS } from './registry.ts';
import type { ArtifactKind } from './registry.ts';

export function encodeSignature(kind: ArtifactKind, keyKind: 'rsa' | 'ec', raw: Uint8Array): Uint8Array {
  if (keyKind === 'rsa') return raw;
  const encoding = KINDS[kind].ecdsaEncoding;
  switch (encoding) {
    case 'der': return ecdsaRawToDer(raw);
    case 'raw': return raw;
    default: {
      const never: never = encoding;
      return never;
    }
  }
}
