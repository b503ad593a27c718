/**
 * What a signature of an item covers, as the operator must see it beside the claims and as the
 * online side prints it for a build to publish: the v2/v3 content digest or the v1 .SF digest. The signer builds the bytes it signs from this
 * digest and its own certificate; the name, version and artifact SHA-256 are the online side's
 * words, and nothing here binds them to the digest (a build publishes its digest, from `airsign
 * request` or `airsign inspect`, for the operator to compare).
 */
import { toHex } from '../bytes.ts';
import type { SigningItem } from '../messages/index.ts';

export interface SignedDigest {
  /** The schemes whose signatures cover it, e.g. "v2+v3" or "v1". */
  readonly schemes: string;
  /** What the digest is of, e.g. "APK content digest (chunked SHA-256)". */
  readonly what: string;
  readonly hex: string;
}

/** The item's digests, one per kind of signature it asks for (v1 first). */
export function signedDigests(item: Pick<SigningItem, 'schemes' | 'v1' | 'v2v3'>): SignedDigest[] {
  const out: SignedDigest[] = [];
  const v2v3 = item.schemes.filter((s) => s !== 'v1');
  if (item.v1 !== undefined && item.schemes.includes('v1')) {
    out.push({ schemes: 'v1', what: `.SF file digest (${item.v1.digestAlgorithm === 'sha1' ? 'SHA-1' : 'SHA-256'})`, hex: toHex(item.v1.sfDigest) });
  }
  if (item.v2v3 !== undefined && v2v3.length > 0) {
    out.push({ schemes: v2v3.join('+'), what: `content digest (chunked ${item.v2v3.contentDigest.length === 64 ? 'SHA-512' : 'SHA-256'})`, hex: toHex(item.v2v3.contentDigest) });
  }
  return out;
}

/** One line per digest: "signs v2+v3: content digest (chunked SHA-256) <hex>". */
export function signedDigestLines(item: Pick<SigningItem, 'schemes' | 'v1' | 'v2v3'>): string[] {
  return signedDigests(item).map((d) => `signs ${d.schemes}: ${d.what} ${d.hex}`);
}
