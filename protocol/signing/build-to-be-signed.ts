/**
 * The one place that decides what a signature covers. The offline side calls this with a request
 * item and its own certificate and signs exactly what comes back; the online side calls it again to
 * place the signatures. An item carries only digests and a few numbers, never bytes to be signed.
 * The key comes from the certificate; the bytes from the item's kind (protocol/kinds).
 */
import { withKind } from '../kinds/registry.ts';
import type { UnkeyedItem } from '../kinds/registry.ts';
import { certificateKeyType } from './certificate.ts';
import type { ToBeSigned } from './to-be-signed.ts';

/**
 * The exact bytes to sign for each signature of the item, in order (for APKs: v1, or v2 then v3).
 * Throws ProtocolError SCHEMA for an inconsistent item, UNSUPPORTED for an unusable key.
 */
export function buildToBeSigned(item: UnkeyedItem, certificateDer: Uint8Array): ToBeSigned[] {
  const key = certificateKeyType(certificateDer);
  return withKind(item, (kind, i) => kind.toBeSigned(i, key, certificateDer));
}
