/**
 * What a signature of an item covers, as the operator must see it beside the claims and as the
 * online side prints it for a build to publish: for APK and JAR items, the v2/v3 content digest or
 * the v1 .SF digest. The signer builds the bytes it signs from this digest and its own certificate;
 * the name, version and artifact SHA-256 are the online side's words, and nothing here binds them to
 * the digest (a build publishes its digest, from `airsign request` or `airsign inspect`, for the
 * operator to compare). Each kind says its own digests (protocol/kinds).
 */
import { itemSignedDigests } from '../kinds/registry.ts';
import type { UnkeyedItem } from '../kinds/registry.ts';
import type { SignedDigest } from '../kinds/kind.ts';

export type { SignedDigest };

/** The item's digests, one per kind of signature it asks for (v1 first). */
export function signedDigests(item: UnkeyedItem): SignedDigest[] {
  return itemSignedDigests(item);
}

/** One line per digest: "signs v2+v3: content digest (chunked SHA-256) <hex>". */
export function signedDigestLines(item: UnkeyedItem): string[] {
  return signedDigests(item).map((d) => `signs ${d.schemes}: ${d.what} ${d.hex}`);
}
