/**
 * An artifact whose app has no key yet is submitted for a new key instead of a pinned certificate:
 * its record's `key` is a new-key reference, `new:<alias>/<type>/<package>`, until the signer's
 * answer brings the certificate of the key it made. Then the certificate is pinned (as
 * `airsign certs add` pins one) and the record's key becomes its SHA-256, so later rounds and
 * later publishes name the key by its certificate like any other.
 */
import { NewKeyRequest } from '../../protocol/messages/index.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import type { PinnedCertificate } from '../store/index.ts';

const PREFIX = 'new:';

export function newKeyRef(spec: NewKeyRequest): string {
  return `${PREFIX}${spec.alias}/${spec.keyType}/${spec.package}`;
}

/** The new key a record's key names, or undefined for a pinned certificate's SHA-256. */
export function parseNewKeyRef(key: string): NewKeyRequest | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  const [alias, keyType, pkg] = key.slice(PREFIX.length).split('/');
  const parsed = NewKeyRequest.safeParse({ alias, keyType, package: pkg });
  return parsed.success ? parsed.data : undefined;
}

export function newKeyType(spec: NewKeyRequest): KeyType {
  return spec.keyType === 'ec:p256' ? { kind: 'ec', curve: 'p256' } : { kind: 'rsa', bits: spec.keyType === 'rsa:4096' ? 4096 : 3072 };
}

/** What the engine prepares a new key's first round with: no certificate yet, only the key type. */
export function placeholderPin(key: string, spec: NewKeyRequest): PinnedCertificate {
  return { sha256: key, der: new Uint8Array(0), label: spec.alias, subject: '', notAfter: '', addedAt: 0 };
}
