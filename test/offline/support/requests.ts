/** Signing requests as the online side would make them, for keys on a test token. */
import { randomBytes } from 'node:crypto';
import type { ArtifactKind } from '../../../protocol/kinds/index.ts';
import type { SigningItem, SigningRequest } from '../../../protocol/messages/index.ts';
import { contentDigestAlgorithm, signatureAlgorithmFor } from '../../../protocol/signing/index.ts';
import type { KeyType } from '../../../protocol/signing/index.ts';

export interface RequestKey {
  readonly fingerprint: Uint8Array;
  readonly keyType: KeyType;
}

export interface ItemSpec {
  readonly key: number;
  readonly name?: string;
  readonly versionCode?: number;
  readonly artifact?: Exclude<ArtifactKind, 'openpgp'>;
  /** 'v1' for a first round (or a JAR), 'v2v3' otherwise. */
  readonly round?: 'v1' | 'v2v3';
  readonly sha256?: Uint8Array;
}

const bytes = (n: number) => new Uint8Array(randomBytes(n));

export function makeItem(keys: readonly RequestKey[], spec: ItemSpec): SigningItem {
  const key = keys[spec.key]!;
  const artifact = spec.artifact ?? 'apk';
  if (artifact === 'apt-release') throw new Error('makeItem makes APK and JAR items; apt Release items are made by test/online/apt');
  const round = spec.round ?? (artifact === 'jar' ? 'v1' : 'v2v3');
  const order = spec.versionCode ?? 1;
  const common = { key: spec.key, name: spec.name ?? (artifact === 'jar' ? 'entry.jar' : 'org.example.app'), sha256: spec.sha256 ?? bytes(32) };
  const v1 = { digestAlgorithm: 'sha256' as const, sfDigest: bytes(32) };
  // `versionCode` of a spec is the number that must rise: an APK's version code, a JAR's index timestamp.
  if (artifact === 'jar') return { ...common, artifact, timestamp: order, indexVersion: `v${order}`, schemes: ['v1'], v1 };
  const base = { ...common, artifact, versionCode: order, versionName: `v${order}` };
  if (round === 'v1') return { ...base, schemes: ['v1'], v1 };
  const digest = contentDigestAlgorithm(signatureAlgorithmFor(key.keyType)) === 'sha512' ? 64 : 32;
  return { ...base, schemes: ['v2', 'v3'], v2v3: { contentDigest: bytes(digest), v3MinSdk: 28, v3MaxSdk: 0x7fffffff } };
}

export function makeRequest(keys: readonly RequestKey[], items: readonly ItemSpec[], issuedAt = Math.floor(Date.now() / 1000)): SigningRequest {
  return {
    v: 2,
    kind: 'request',
    requestId: bytes(16),
    issuedAt,
    keys: keys.map((k) => k.fingerprint),
    items: items.map((spec) => makeItem(keys, spec)),
  };
}
