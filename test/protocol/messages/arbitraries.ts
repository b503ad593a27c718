/**
 * fast-check arbitraries for valid messages of every kind, written from the schemas' bounds.
 * Each one is filtered through the schema itself, so a generator that drifts from the contract
 * shows up as a failing property rather than silently testing something else.
 */
import fc from 'fast-check';
import { LIMITS } from '../../../protocol/limits.ts';
import {
  CertificateExport,
  ErrorMessage,
  REFUSAL_REASONS,
  SCHEMES,
  SigningRequest,
  SigningResponse,
} from '../../../protocol/messages/index.ts';
import type { Message, SigningItem } from '../../../protocol/messages/index.ts';
import { ANDROID_SCHEMES, SF_CHUNK_BYTES } from '../../../protocol/kinds/index.ts';
import type { ArtifactKind } from '../../../protocol/kinds/index.ts';
import { SIGNATURE_METHODS } from '../../../protocol/signing/index.ts';
import { PROTOCOL_VERSION } from '../../../protocol/version.ts';
import { text as textSchema } from '../../../protocol/messages/fields.ts';

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const digest = bytes(32, 32);
const uint = (max: number = Number.MAX_SAFE_INTEGER) => fc.oneof(fc.integer({ min: 0, max: Math.min(max, 1000) }), fc.integer({ min: 0, max }));
const unixSeconds = uint(2 ** 40);

/** Text as the schema allows it: any Unicode, including astral characters, without control or invisible ones. */
function text(max: number, min = 0) {
  const schema = textSchema(max, min);
  return fc
    .string({ unit: fc.oneof(fc.constantFrom('a', 'é', '水', '😀', ' ', '.'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: min, maxLength: Math.min(max, 40) })
    .filter((s) => schema.safeParse(s).success);
}

const packageName = fc
  .array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/), { minLength: 2, maxLength: 6 })
  .map((parts) => parts.join('.'))
  .filter((s) => s.length <= 255);
const jarName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}\.jar$/);

const v1 = fc.record({ digestAlgorithm: fc.constantFrom('sha1' as const, 'sha256' as const), sfDigest: bytes(20, 32) });

const apkItem = fc.record(
  {
    key: fc.integer({ min: 0, max: LIMITS.maxKeys - 1 }),
    artifact: fc.constant('apk' as const),
    name: packageName,
    versionCode: uint(LIMITS.maxVersionCode),
    versionName: text(100),
    sha256: digest,
    schemes: fc.array(fc.constantFrom(...ANDROID_SCHEMES), { minLength: 1, maxLength: 3 }),
    v1,
    // A .SF that crosses whole (minSdk below 19): full pieces and a shorter last one.
    v1Sf: fc.record({
      digestAlgorithm: fc.constantFrom('sha1' as const, 'sha256' as const),
      manifestDigest: bytes(20, 32),
      signatureFile: fc.tuple(fc.integer({ min: 0, max: 2 }), bytes(1, 300)).map(([full, last]) => [...Array.from({ length: full }, () => new Uint8Array(SF_CHUNK_BYTES).fill(0x41)), last]),
    }),
    v2v3: fc.record({ contentDigest: bytes(32, 64), v3MinSdk: uint(0x7fffffff), v3MaxSdk: uint(0x7fffffff) }),
  },
  { requiredKeys: ['key', 'artifact', 'name', 'versionCode', 'versionName', 'sha256', 'schemes'] },
);

const jarItem = fc.record({
  key: fc.integer({ min: 0, max: LIMITS.maxKeys - 1 }),
  artifact: fc.constant('jar' as const),
  name: jarName,
  timestamp: uint(LIMITS.maxVersionCode),
  indexVersion: text(100),
  sha256: digest,
  schemes: fc.constant<'v1'[]>(['v1']),
  v1,
});

const openPgpItem = fc.record({
  key: fc.integer({ min: 0, max: LIMITS.maxKeys - 1 }),
  artifact: fc.constant('openpgp' as const),
  name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/),
  size: uint(),
  sha256: digest,
  schemes: fc.constant<'openpgp'[]>(['openpgp']),
  hashState: fc.record({ words: fc.array(uint(0xffffffff), { minLength: 8, maxLength: 8 }), bytes: uint(), tail: bytes(0, 63) }),
  created: uint(0xffffffff),
  keyCreated: uint(0xffffffff),
  keyFingerprint: bytes(20, 20),
});

const aptReleaseItem = fc.record({
  key: fc.integer({ min: 0, max: LIMITS.maxKeys - 1 }),
  artifact: fc.constant('apt-release' as const),
  name: fc.constantFrom('Debian/bookworm', 'stable', 'noble-updates'),
  suite: fc.constantFrom('bookworm', 'stable', 'noble/updates'),
  date: uint(LIMITS.maxVersionCode),
  sha256: digest,
  release: fc.array(bytes(1, 300), { minLength: 1, maxLength: 1 }),
  keyCreated: uint(0xffffffff),
  created: uint(0xffffffff),
  schemes: fc.constant<['openpgp-text', 'openpgp-binary']>(['openpgp-text', 'openpgp-binary']),
});

/** One arbitrary per kind of protocol/kinds: a kind added there and not here fails to compile. */
const ITEM_ARBITRARIES: { [K in ArtifactKind]: fc.Arbitrary<Extract<SigningItem, { artifact: K }>> } = { apk: apkItem, jar: jarItem, openpgp: openPgpItem, 'apt-release': aptReleaseItem };
const item = fc.oneof(...Object.values(ITEM_ARBITRARIES));

export const requestArb = fc
  .record({
    v: fc.constant(PROTOCOL_VERSION),
    kind: fc.constant('request' as const),
    requestId: bytes(16, 16),
    issuedAt: unixSeconds,
    keys: fc.array(digest, { minLength: 1, maxLength: 4 }),
    items: fc.array(item, { minLength: 1, maxLength: 6 }),
  })
  .filter((m) => SigningRequest.safeParse(m).success);

const signature = fc.record({ scheme: fc.constantFrom(...SCHEMES), method: fc.constantFrom(...SIGNATURE_METHODS), signature: bytes(1, LIMITS.maxSignatureBytes) });
const index = fc.integer({ min: 0, max: LIMITS.maxItems - 1 });
const result = fc.oneof(
  fc.record({ index, status: fc.constant('signed' as const), signatures: fc.array(signature, { minLength: 1, maxLength: 3 }) }),
  fc.record({ index, status: fc.constant('refused' as const), reason: fc.constantFrom(...REFUSAL_REASONS), detail: text(300) }),
);

export const responseArb = fc
  .record({
    v: fc.constant(PROTOCOL_VERSION),
    kind: fc.constant('response' as const),
    requestDigest: digest,
    signedAt: unixSeconds,
    results: fc.array(result, { minLength: 1, maxLength: 6 }),
    audit: fc.record({ seq: uint(), head: digest }),
  })
  .filter((m) => SigningResponse.safeParse(m).success);

export const certificateArb = fc
  .record({
    v: fc.constant(PROTOCOL_VERSION),
    kind: fc.constant('certificate' as const),
    certificate: bytes(64, LIMITS.maxCertificateBytes),
    label: text(64, 1),
    keyUri: text(512),
    exportedAt: unixSeconds,
  })
  .filter((m) => CertificateExport.safeParse(m).success);

export const errorArb = fc
  .record(
    {
      v: fc.constant(PROTOCOL_VERSION),
      kind: fc.constant('error' as const),
      requestDigest: digest,
      code: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,63}$/),
      message: text(500),
      at: unixSeconds,
    },
    { requiredKeys: ['v', 'kind', 'code', 'message', 'at'] },
  )
  .filter((m) => ErrorMessage.safeParse(m).success);

export const messageArb: fc.Arbitrary<Message> = fc.oneof(requestArb, responseArb, certificateArb, errorArb);
