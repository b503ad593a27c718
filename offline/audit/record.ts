/**
 * One audit record, its canonical text and its hash. A record's hash is SHA-256 over the canonical
 * JSON of every field but `hash` (keys sorted, no spaces); `prev` is the hash of the record before
 * (64 zeros for the first), so editing, removing or reordering any record breaks the chain.
 */
import { z } from 'zod';
import { ARTIFACT_KINDS, MAX_INDEX_COUNT, SCHEMES } from '../../protocol/kinds/index.ts';
import { REFUSAL_REASONS } from '../../protocol/messages/index.ts';
import { SIGNATURE_METHODS } from '../../protocol/signing/index.ts';
import { sha256Hex } from '../digest.ts';

export const GENESIS = '0'.repeat(64);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const base = {
  v: z.literal(1),
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  time: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
  prev: hex64,
  hash: hex64,
};

/**
 * What the online side claimed about the item, and the digest the item asks to be signed: the
 * audit trail of a signature says what it was said to be for (name, version, artifact SHA-256),
 * and what it covers (the v2/v3 content digest or the v1 .SF digest, from which the signed bytes
 * are built). The claims are not checked against the digest: the record says so by keeping both.
 * Optional for records written before they were recorded; every record written now has them.
 */
const claims = {
  artifact: z.enum(ARTIFACT_KINDS).optional(),
  name: z.string().max(255).optional(),
  /** APK items (and JAR items in records written before protocol version 2, where it held the index timestamp). */
  versionCode: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  versionName: z.string().max(100).optional(),
  /** JAR items: the index timestamp and version. */
  timestamp: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  indexVersion: z.string().max(100).optional(),
  /** JAR items whose index says so: the repository name, apps, packages and index-v2 SHA-256 it claims (protocol/kinds/jar.ts FdroidIndexClaim). */
  fdroidRepoName: z.string().max(100).optional(),
  fdroidApps: z.number().int().min(0).max(MAX_INDEX_COUNT).optional(),
  fdroidPackages: z.number().int().min(0).max(MAX_INDEX_COUNT).optional(),
  fdroidIndexV2Sha256: hex64.optional(),
  /** apt Release files: the suite and the Date (seconds) the signer read from the file. */
  suite: z.string().max(100).optional(),
  releaseDate: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** SHA-256 of the artifact, as the online side says it is. */
  sha256: hex64.optional(),
  /** The v2/v3 content digest (chunked SHA-256 or SHA-512) the item asks to have signed, hex. */
  contentDigest: z.string().regex(/^(?:[0-9a-f]{64}|[0-9a-f]{128})$/).optional(),
  /** The v1 .SF file digest the item asks to have signed, hex. */
  sfDigest: z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/).optional(),
  /** APK items with a manifest proof the signer checked: name, versionCode and versionName are the manifest's, not claims. */
  proven: z.literal(true).optional(),
  /** SHA-256 of each rebuilder statement (DSSE payload) and of each approval (SSHSIG blob) the item was checked with (offline/vouch/audit-fields.ts). */
  attestations: z.array(hex64).max(64).optional(),
  approvals: z.array(hex64).max(32).optional(),
  /** OpenPGP items: the file's size, the signature's creation time, the key's OpenPGP fingerprint (hex). */
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  created: z.number().int().min(0).max(0xffffffff).optional(),
  openpgpKey: z.string().regex(/^[0-9a-f]{40}$/).optional(),
};

export const AuditRecord = z.discriminatedUnion('event', [
  z.strictObject({
    ...base,
    event: z.literal('signed'),
    request: hex64,
    item: z.number().int().min(0),
    scheme: z.enum(SCHEMES),
    /** The signature algorithm, kind-neutral (protocol/signing/algorithms.ts); records written before protocol version 2 carry `algorithm` instead. */
    method: z.enum(SIGNATURE_METHODS).optional(),
    /** APK signature algorithm id, in records written before protocol version 2. */
    algorithm: z.number().int().min(0).max(0xffff).optional(),
    key: hex64,
    /** SHA-256 of the exact bytes signed. */
    signed: hex64,
    /** SHA-256 of the signature as returned. */
    signature: hex64,
    ...claims,
  }),
  z.strictObject({
    ...base,
    event: z.literal('refused'),
    request: hex64,
    item: z.number().int().min(0),
    key: hex64.nullable(),
    reason: z.enum(REFUSAL_REASONS),
    detail: z.string().max(300),
    ...claims,
  }),
  z.strictObject({
    ...base,
    event: z.literal('keygen'),
    key: hex64,
    label: z.string().max(256),
    keyType: z.string().max(32),
    /** A key made for a request's item (an app's first publish): the request's digest, the item, its package. */
    request: hex64.optional(),
    item: z.number().int().min(0).optional(),
    name: z.string().max(255).optional(),
  }),
  z.strictObject({
    ...base,
    /** A key ceremony the token failed or the signer refused (the key destroyed where it was made). */
    event: z.literal('keygen-refused'),
    label: z.string().max(256),
    keyType: z.string().max(32),
    code: z.string().max(40),
    detail: z.string().max(500),
  }),
  z.strictObject({
    ...base,
    /** The self-signature of a key's OpenPGP certificate (`export-openpgp`), made by the token. */
    event: z.literal('openpgp-certified'),
    key: hex64,
    /** The OpenPGP v4 fingerprint, hex. */
    fingerprint: z.string().regex(/^[0-9a-f]{40}$/),
    userId: z.string().max(1024),
    /** The key's OpenPGP creation time, seconds. */
    created: z.number().int().min(0).max(0xffffffff),
    /** SHA-256 of the exact bytes signed (key, user ID, trailer). */
    signed: hex64,
    /** SHA-256 of the signature as returned. */
    signature: hex64,
  }),
]);
export type AuditRecord = z.infer<typeof AuditRecord>;

type Distribute<T> = T extends unknown ? Omit<T, 'v' | 'seq' | 'time' | 'prev' | 'hash'> : never;
/** What a caller appends; the log adds v, seq, time, prev and hash. */
export type AuditEntry = Distribute<AuditRecord>;

/**
 * JSON with keys sorted and no whitespace: one text per record. Records are flat (every value a
 * string, number or null), so sorting the top-level keys is the whole of it.
 */
export function canonicalJson(record: object): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = (record as Record<string, unknown>)[key];
  return JSON.stringify(sorted);
}

export function recordHash(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const { hash: _omit, ...rest } = record;
  return sha256Hex(canonicalJson(rest));
}

/**
 * A record's hash and the line written to the log for it (its canonical JSON and a newline) in
 * one pass: the hash is recordHash's and the line is canonicalJson of the whole record, with each
 * flat value serialized once and the keys sorted once, for the signer's hot path.
 */
export function sealRecord(partial: Omit<AuditRecord, 'hash'>): { record: AuditRecord; line: string } {
  const fields = partial as unknown as Record<string, unknown>;
  const keys = Object.keys(fields).sort();
  const parts = keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(fields[key])}`);
  const hash = sha256Hex(`{${parts.join(',')}}`);
  let at = 0;
  while (at < keys.length && keys[at]! < 'hash') at++;
  parts.splice(at, 0, `"hash":"${hash}"`);
  return { record: { ...partial, hash } as AuditRecord, line: `{${parts.join(',')}}\n` };
}
