/**
 * A JAR, today an F-Droid repository index (entry.jar, index-v1.jar): signed with v1 only, named by
 * its file name, ordered by the index timestamp.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { toHex } from '../bytes.ts';
import { sha256Bytes, text, uint } from '../messages/fields.ts';
import { checkSchemes, refuse, v1Digest, v1ToBeSigned } from './android-rounds.ts';
import type { ArtifactKindModule } from './kind.ts';
import { V1Fields } from './schemes.ts';

export const JAR_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.jar$/;

/** More apps or packages than any repository holds (f-droid.org has a few thousand apps). */
export const MAX_INDEX_COUNT = 10_000_000;

/**
 * What an F-Droid index JAR's own JSON asserts, as the online side read it: claims only, shown to
 * the operator as CLAIMED, never checked against what is signed. entry.json gives `apps` (its
 * index.numPackages, the number of package names in index-v2) and the index-v2 SHA-256;
 * index-v1.json gives the repository name, the apps and the packages (APK versions).
 */
export const FdroidIndexClaim = z.strictObject({
  repoName: text(100).optional(),
  apps: uint(MAX_INDEX_COUNT).optional(),
  packages: uint(MAX_INDEX_COUNT).optional(),
  indexV2Sha256: sha256Bytes.optional(),
});
export type FdroidIndexClaim = z.infer<typeof FdroidIndexClaim>;

/** The claim as "what: value" pairs, in a fixed order, for every review and the audit record. */
export function fdroidIndexClaimLines(claim: FdroidIndexClaim | undefined): { readonly what: string; readonly value: string }[] {
  if (claim === undefined) return [];
  const lines: { what: string; value: string }[] = [];
  if (claim.repoName !== undefined) lines.push({ what: 'repository name', value: JSON.stringify(claim.repoName) });
  if (claim.apps !== undefined) lines.push({ what: 'apps', value: String(claim.apps) });
  if (claim.packages !== undefined) lines.push({ what: 'packages', value: String(claim.packages) });
  if (claim.indexV2Sha256 !== undefined) lines.push({ what: 'index-v2 SHA-256', value: toHex(claim.indexV2Sha256) });
  return lines;
}

export const JarItem = z.strictObject({
  /** Index into the request's `keys`. */
  key: uint(LIMITS.maxKeys - 1),
  artifact: z.literal('jar'),
  /** The JAR's file name, such as "entry.jar". */
  name: z.string().regex(JAR_NAME, { message: 'not a JAR file name' }),
  /** The index timestamp (milliseconds); must rise per name under the default policy. */
  timestamp: uint(LIMITS.maxVersionCode),
  /** The index format version as the index states it; may be empty. */
  indexVersion: text(100),
  /** SHA-256 of the JAR as submitted, shown to the operator. */
  sha256: sha256Bytes,
  /** A JAR is signed with v1 only. */
  schemes: z.array(z.literal('v1', { message: 'a JAR is signed with v1 only' })).length(1),
  v1: V1Fields,
  /** Optional: what the index JSON in the JAR asserts (see FdroidIndexClaim). */
  fdroidIndex: FdroidIndexClaim.optional(),
});
export type JarItem = z.infer<typeof JarItem>;

export const jarKind: ArtifactKindModule<JarItem> = {
  kind: 'jar',
  schema: JarItem,
  noun: 'F-Droid index JAR',
  nounPlural: 'F-Droid index JARs',
  ecdsaEncoding: 'der',

  toBeSigned(item, key) {
    checkSchemes(item.schemes);
    // The schema says as much; an item built in code is checked here too.
    if (item.schemes.length !== 1 || item.schemes[0] !== 'v1') refuse('a JAR is signed with v1 only', 'schemes');
    if ((item.v1 as typeof item.v1 | undefined) === undefined) refuse('v1 is asked for without v1 fields', 'v1');
    return [v1ToBeSigned(item.v1, key)];
  },

  signedDigests: (item) => [v1Digest(item.v1)],
  policySubject: (item) => ({ name: item.name, order: item.timestamp }),
  label: (item) => ({ noun: 'F-Droid index JAR', name: item.name, orderName: 'index timestamp', order: item.timestamp, version: item.indexVersion, note: 'F-Droid index JAR' }),
};
