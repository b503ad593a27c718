/**
 * Which schemes an artifact is signed with, and in which rounds, as apksigner chooses: v1 only for
 * APKs that install below API level 24 (where v2 is unknown), v2 and v3 always; JARs v1 only.
 * v2/v3 cover the v1 signature files, so v1 comes in a round of its own, first. A choice of
 * schemes the APK cannot use (one some platform it installs on would refuse) is refused here,
 * before anything reaches the signer.
 */
import type { AndroidKind } from './android-kind.ts';
import type { AndroidScheme as Scheme } from '../../protocol/kinds/index.ts';
import type { KeyType } from '../../protocol/signing/index.ts';
import { V1_SIGNED_ATTRIBUTES_MIN_SDK } from '../../protocol/signing/index.ts';
import { ApkError } from './errors.ts';

/** The first API level that verifies v2 signatures. */
export const V2_MIN_SDK = 24;
/** The v3 signer's SDK range: from the first platform that reads v3 (Android 9) on. */
export const V3_MIN_SDK = 28;
export const V3_MAX_SDK = 0x7fffffff;
/** The first API level whose v1 verifier takes SHA-256 (and ECDSA); below it, SHA-1 with RSA only. */
export const V1_SHA256_MIN_SDK = 18;
/** From this targetSdkVersion on, Android 11 and later install only APKs signed with v2 or v3. */
export const V2_REQUIRED_TARGET_SDK = 30;

export type Rounds = readonly (readonly Scheme[])[];

/** Why an APK with this minSdk and targetSdk cannot use the schemes, or undefined. */
function unusable(wanted: ReadonlySet<Scheme>, minSdk: number, targetSdk: number | undefined): string | undefined {
  const v1 = wanted.has('v1');
  if (!v1 && minSdk < V2_MIN_SDK) return `minSdkVersion ${minSdk}: Android below 7.0 (API level ${V2_MIN_SDK}) verifies v1 only, so v1 is needed`;
  if (!v1 && !wanted.has('v2') && minSdk < V3_MIN_SDK) return `minSdkVersion ${minSdk}: Android 7 and 8 (API levels ${V2_MIN_SDK}-${V3_MIN_SDK - 1}) verify v1 or v2, not v3 alone`;
  if (!wanted.has('v2') && !wanted.has('v3') && (targetSdk ?? minSdk) >= V2_REQUIRED_TARGET_SDK) return `targetSdkVersion ${targetSdk ?? minSdk}: Android 11 and later install such an APK only with a v2 or v3 signature`;
  return undefined;
}

export function chooseRounds(artifact: AndroidKind, minSdk: number, requested?: readonly Scheme[], targetSdk?: number): Rounds {
  if (artifact === 'jar') {
    if (requested !== undefined && (requested.length !== 1 || requested[0] !== 'v1')) throw new ApkError('BAD_SCHEMES', 'a JAR is signed with v1 only');
    return [['v1']];
  }
  const wanted = new Set<Scheme>(requested ?? (minSdk < V2_MIN_SDK ? ['v1', 'v2', 'v3'] : ['v2', 'v3']));
  if (wanted.size === 0) throw new ApkError('BAD_SCHEMES', 'no scheme to sign with');
  const why = unusable(wanted, minSdk, targetSdk);
  if (why !== undefined) throw new ApkError('BAD_SCHEMES', `this APK cannot be signed with ${[...wanted].sort().join('+')} alone: ${why}`);
  const later = (['v2', 'v3'] as const).filter((s) => wanted.has(s));
  const rounds: Scheme[][] = [];
  if (wanted.has('v1')) rounds.push(['v1']);
  if (later.length > 0) rounds.push([...later]);
  return rounds;
}

/**
 * How a v1 round signs, as apksigner would for this minSdk: through PKCS#7 signed attributes over
 * the .SF digest from API level 19 (and for index JARs), else over the .SF itself, with SHA-1 below
 * API level 18 and SHA-256 from it. An APK without minSdkVersion installs from API level 1.
 */
export function v1FormFor(artifact: AndroidKind, minSdk: number | undefined): { readonly signedAttributes: boolean; readonly digestAlgorithm: 'sha1' | 'sha256' } {
  const sdk = artifact === 'jar' ? V1_SIGNED_ATTRIBUTES_MIN_SDK : (minSdk ?? 1);
  return { signedAttributes: sdk >= V1_SIGNED_ATTRIBUTES_MIN_SDK, digestAlgorithm: sdk < V1_SHA256_MIN_SDK ? 'sha1' : 'sha256' };
}

/** apksigner refuses an EC key for v1 below API level 18 (no ECDSA there): so does this, before anything is signed. */
export function checkV1Key(artifact: AndroidKind, minSdk: number | undefined, rounds: Rounds, key: KeyType): void {
  if (!rounds.some((r) => r.includes('v1')) || key.kind === 'rsa') return;
  if (v1FormFor(artifact, minSdk).digestAlgorithm === 'sha1') {
    throw new ApkError('MIN_SDK_TOO_LOW', `minSdkVersion ${minSdk ?? 1}: v1 signatures below API level ${V1_SHA256_MIN_SDK} are RSA with SHA-1 only; an EC key cannot sign this APK (apksigner refuses it too)`);
  }
}

/** The scheme numbers a v1 .SF names in X-Android-APK-Signed (the schemes of the rounds after it). */
export function apkSignedSchemeIds(rounds: Rounds): number[] {
  return rounds.slice(1).flat().map((s) => Number(s.slice(1)));
}
