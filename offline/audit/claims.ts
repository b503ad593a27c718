/** An item's claims and asked-for digests as flat audit record fields (see `claims` in record.ts). */
import { toHex } from '../../protocol/bytes.ts';
import { sha256 } from '../../protocol/hash.ts';
import { signatureFileBytes, unknownKind } from '../../protocol/kinds/index.ts';
import type { ArtifactKind, FdroidIndexClaim } from '../../protocol/kinds/index.ts';
import type { SigningItem } from '../../protocol/messages/index.ts';

export interface ItemClaims {
  readonly artifact: ArtifactKind;
  readonly name: string;
  /** APK: the version code and name. */
  readonly versionCode?: number;
  readonly versionName?: string;
  /** JAR: the index timestamp and version. */
  readonly timestamp?: number;
  readonly indexVersion?: string;
  /** JAR: what its index claims about the repository, where it says so. */
  readonly fdroidRepoName?: string;
  readonly fdroidApps?: number;
  readonly fdroidPackages?: number;
  readonly fdroidIndexV2Sha256?: string;
  /** apt Release file: its suite and Date (seconds), both checked against the file by the signer. */
  readonly suite?: string;
  readonly releaseDate?: number;
  readonly sha256: string;
  readonly contentDigest?: string;
  readonly sfDigest?: string;
  /** OpenPGP: the file's size, the signature's creation time, the key's OpenPGP fingerprint. */
  readonly size?: number;
  readonly created?: number;
  readonly openpgpKey?: string;
}

function fdroidClaims(claim: FdroidIndexClaim | undefined): Partial<ItemClaims> {
  if (claim === undefined) return {};
  return {
    ...(claim.repoName === undefined ? {} : { fdroidRepoName: claim.repoName }),
    ...(claim.apps === undefined ? {} : { fdroidApps: claim.apps }),
    ...(claim.packages === undefined ? {} : { fdroidPackages: claim.packages }),
    ...(claim.indexV2Sha256 === undefined ? {} : { fdroidIndexV2Sha256: toHex(claim.indexV2Sha256) }),
  };
}

export function itemClaims(item: SigningItem): ItemClaims {
  const common = { artifact: item.artifact, name: item.name, sha256: toHex(item.sha256) };
  switch (item.artifact) {
    case 'apk':
      return {
        ...common, versionCode: item.versionCode, versionName: item.versionName,
        // A .SF signed whole is recorded by its SHA-256, as a .SF digest is.
        ...(item.v1Sf === undefined ? {} : { sfDigest: toHex(sha256(signatureFileBytes(item.v1Sf))) }),
        ...(item.v1 === undefined ? {} : { sfDigest: toHex(item.v1.sfDigest) }),
        ...(item.v2v3 === undefined ? {} : { contentDigest: toHex(item.v2v3.contentDigest) }),
      };
    case 'jar':
      return { ...common, sfDigest: toHex(item.v1.sfDigest), timestamp: item.timestamp, indexVersion: item.indexVersion, ...fdroidClaims(item.fdroidIndex) };
    case 'openpgp':
      return { ...common, size: item.size, created: item.created, openpgpKey: toHex(item.keyFingerprint) };
    case 'apt-release':
      return { ...common, suite: item.suite, releaseDate: item.date };
    default:
      return unknownKind(item);
  }
}
