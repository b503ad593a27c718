/**
 * An Android APK: signed with v1 in a round of its own and/or v2+v3 (APK Signature Scheme), named
 * by its package, ordered by its long version code.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { packageName, sha256Bytes, text, uint } from '../messages/fields.ts';
import { ManifestProof } from '../apk-proof/schema.ts';
import { checkSchemes, refuse, v1Digest, v1SfDigests, v1SfToBeSigned, v1ToBeSigned, v2v3Digest, v2v3ToBeSigned } from './android-rounds.ts';
import type { ArtifactKindModule } from './kind.ts';
import { ANDROID_SCHEMES, V1Fields, V1SfFields, V2V3Fields } from './schemes.ts';

export const ApkItem = z.strictObject({
  /** Index into the request's `keys`. */
  key: uint(LIMITS.maxKeys - 1),
  artifact: z.literal('apk'),
  /** Android package name. */
  name: packageName,
  /** The long version code, (versionCodeMajor << 32) | versionCode; must rise per package under the default policy. */
  versionCode: uint(LIMITS.maxVersionCode),
  versionName: text(100),
  /** SHA-256 of the APK as submitted, shown to the operator. */
  sha256: sha256Bytes,
  /** Schemes signed in this round. v1 is its own round when v2/v3 follow (v2 covers the v1 files). */
  schemes: z.array(z.enum(ANDROID_SCHEMES)).min(1).max(3),
  /** v1 through signed attributes over the .SF digest (minSdk 19 and up)... */
  v1: V1Fields.optional(),
  /** ...or over the .SF itself, which crosses whole (minSdk below 19): one of the two in a v1 round. */
  v1Sf: V1SfFields.optional(),
  v2v3: V2V3Fields.optional(),
  /** The bytes that let the signer read AndroidManifest.xml and recompute `v2v3.contentDigest` (protocol/apk-proof). */
  manifestProof: ManifestProof.optional(),
});
export type ApkItem = z.infer<typeof ApkItem>;

export const apkKind: ArtifactKindModule<ApkItem> = {
  kind: 'apk',
  schema: ApkItem,
  noun: 'APK',
  nounPlural: 'APKs',
  ecdsaEncoding: 'der',

  toBeSigned(item, key, certificateDer) {
    const wants = checkSchemes(item.schemes);
    // No field without its scheme, no scheme without its fields.
    if (item.v1 !== undefined && item.v1Sf !== undefined) refuse('v1 is signed over the .SF digest or over the .SF itself, not both', 'v1Sf');
    const v1 = item.v1 ?? item.v1Sf;
    if (wants.v1 !== (v1 !== undefined)) refuse(wants.v1 ? 'v1 is asked for without v1 fields' : 'v1 fields without v1 in schemes', item.v1 === undefined && item.v1Sf !== undefined ? 'v1Sf' : 'v1');
    if (wants.v2v3 !== (item.v2v3 !== undefined)) refuse(wants.v2v3 ? 'v2/v3 asked for without v2v3 fields' : 'v2v3 fields without v2/v3 in schemes', 'v2v3');
    if (item.manifestProof !== undefined && item.v2v3 === undefined) refuse('a manifest proof proves a v2/v3 content digest: no v2v3 fields', 'manifestProof');
    if (item.v1 !== undefined) return [v1ToBeSigned(item.v1, key)];
    if (item.v1Sf !== undefined) return [v1SfToBeSigned(item.v1Sf, key)];
    return v2v3ToBeSigned(item.v2v3!, item.schemes, key, certificateDer);
  },

  signedDigests(item) {
    if (item.v1 !== undefined && item.schemes.includes('v1')) return [v1Digest(item.v1)];
    if (item.v1Sf !== undefined && item.schemes.includes('v1')) return v1SfDigests(item.v1Sf);
    if (item.v2v3 !== undefined && item.schemes.some((s) => s !== 'v1')) return [v2v3Digest(item.v2v3, item.schemes)];
    return [];
  },

  policySubject: (item) => ({ name: item.name, order: item.versionCode }),
  label: (item) => ({ noun: 'APK', name: item.name, orderName: 'versionCode', order: item.versionCode, version: item.versionName, note: '' }),
};
