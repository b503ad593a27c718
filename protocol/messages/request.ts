/**
 * The signing request: a batch of items, each carrying what the operator must see and the few
 * fields from which the offline side builds, itself, the exact bytes it signs. An item is one of
 * the kinds of protocol/kinds, told apart by `artifact`.
 */
import { z } from 'zod';
import { ITEM_SCHEMAS } from '../kinds/registry.ts';
import { LIMITS } from '../limits.ts';
import { PROTOCOL_VERSION } from '../version.ts';
import { bytes, sha256Bytes, unixSeconds } from './fields.ts';

export { SCHEMES, V1Fields, V2V3Fields } from '../kinds/schemes.ts';
export type { Scheme, SignatureScheme } from '../kinds/schemes.ts';

export const SigningItem = z.discriminatedUnion('artifact', ITEM_SCHEMAS);
export type SigningItem = z.infer<typeof SigningItem>;

export const SigningRequest = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('request'),
  /** Random, 16 bytes: makes every request distinct even for the same artifacts. */
  requestId: bytes(16, 16),
  issuedAt: unixSeconds,
  /** SHA-256 fingerprints of the signing certificates that items refer to by index. */
  keys: z.array(sha256Bytes).min(1).max(LIMITS.maxKeys),
  items: z.array(SigningItem).min(1).max(LIMITS.maxItems),
});
export type SigningRequest = z.infer<typeof SigningRequest>;
