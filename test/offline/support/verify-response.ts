/** Checks a response's signatures as the online side would: rebuild what was signed, verify against the certificate. */
import { verify } from 'node:crypto';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { buildToBeSigned } from '../../../protocol/signing/index.ts';
import type { MadeKey } from './token-keys.ts';

/** Number of signatures that verified; throws on any that does not. */
export function verifyResponse(request: SigningRequest, response: SigningResponse, keys: readonly MadeKey[]): number {
  let verified = 0;
  for (const result of response.results) {
    if (result.status !== 'signed') continue;
    const item = request.items[result.index]!;
    const fp = Buffer.from(request.keys[item.key]!);
    const key = keys.find((k) => Buffer.from(k.fingerprint).equals(fp));
    if (key === undefined) throw new Error(`item ${result.index}: signed with a key the test did not make`);
    const expected = buildToBeSigned(item, key.certificate);
    if (expected.length !== result.signatures.length) throw new Error(`item ${result.index}: ${result.signatures.length} signatures for ${expected.length} schemes`);
    result.signatures.forEach((sig, i) => {
      const tbs = expected[i]!;
      if (sig.scheme !== tbs.scheme || sig.method !== tbs.method) throw new Error(`item ${result.index}: scheme or method differs`);
      const ok = verify(tbs.hash, tbs.data, { key: key.x509.publicKey, dsaEncoding: 'der' }, sig.signature);
      if (!ok) throw new Error(`item ${result.index} ${sig.scheme}: signature does not verify`);
      verified++;
    });
  }
  return verified;
}
