/** A request of `items` v2+v3 APK items with random digests of the size the key's algorithm needs, as the signing benches send. */
import { createHash } from 'node:crypto';
import type { SigningRequest } from '../../protocol/messages/index.ts';
import { contentDigestAlgorithm, signatureAlgorithmFor } from '../../protocol/signing/index.ts';
import type { KeyType } from '../../protocol/signing/index.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';

const random = (n: number) => new Uint8Array(createHash('sha512').update(String(Math.random())).digest()).slice(0, n);

export function benchApkRequest(key: { fingerprint: Uint8Array; keyType: KeyType }, round: number, items: number, namePrefix: string): SigningRequest {
  const digest = contentDigestAlgorithm(signatureAlgorithmFor(key.keyType)) === 'sha512' ? 64 : 32;
  return {
    v: PROTOCOL_VERSION,
    kind: 'request',
    requestId: random(16),
    issuedAt: Math.floor(Date.now() / 1000),
    keys: [key.fingerprint],
    items: Array.from({ length: items }, (_, i) => ({
      key: 0,
      artifact: 'apk' as const,
      name: `${namePrefix}${i}`,
      versionCode: round + 1,
      versionName: `${round + 1}.0`,
      sha256: random(32),
      schemes: ['v2', 'v3'] as ('v2' | 'v3')[],
      v2v3: { contentDigest: random(digest), v3MinSdk: 28, v3MaxSdk: 0x7fffffff },
    })),
  };
}
