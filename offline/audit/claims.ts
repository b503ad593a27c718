/** An item's claims and asked-for digests as flat audit record fields (see `claims` in record.ts). */
import { toHex } from '../../protocol/bytes.ts';
import type { SigningItem } from '../../protocol/messages/index.ts';

export interface ItemClaims {
  readonly artifact: 'apk' | 'jar';
  readonly name: string;
  readonly versionCode: number;
  readonly versionName: string;
  readonly sha256: string;
  readonly contentDigest?: string;
  readonly sfDigest?: string;
}

export function itemClaims(item: SigningItem): ItemClaims {
  return {
    artifact: item.artifact,
    name: item.name,
    versionCode: item.versionCode,
    versionName: item.versionName,
    sha256: toHex(item.sha256),
    ...(item.v2v3 === undefined ? {} : { contentDigest: toHex(item.v2v3.contentDigest) }),
    ...(item.v1 === undefined ? {} : { sfDigest: toHex(item.v1.sfDigest) }),
  };
}
