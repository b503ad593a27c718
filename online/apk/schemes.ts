/**
 * Which schemes an artifact is signed with, and in which rounds, as apksigner chooses: v1 only for
 * APKs that install below API level 24 (where v2 is unknown), v2 and v3 always; JARs v1 only.
 * v2/v3 cover the v1 signature files, so v1 comes in a round of its own, first.
 */
import type { AndroidKind } from './android-kind.ts';
import type { AndroidScheme as Scheme } from '../../protocol/kinds/index.ts';
import { V1_SIGNED_ATTRIBUTES_MIN_SDK } from '../../protocol/signing/index.ts';
import { ApkError } from './errors.ts';

/** The first API level that verifies v2 signatures. */
export const V2_MIN_SDK = 24;
/** The v3 signer's SDK range: from the first platform that reads v3 (Android 9) on. */
export const V3_MIN_SDK = 28;
export const V3_MAX_SDK = 0x7fffffff;

export type Rounds = readonly (readonly Scheme[])[];

export function chooseRounds(artifact: AndroidKind, minSdk: number, requested?: readonly Scheme[]): Rounds {
  if (artifact === 'jar') {
    if (requested !== undefined && (requested.length !== 1 || requested[0] !== 'v1')) throw new ApkError('BAD_SCHEMES', 'a JAR is signed with v1 only');
    return [['v1']];
  }
  const wanted = new Set<Scheme>(requested ?? (minSdk < V2_MIN_SDK ? ['v1', 'v2', 'v3'] : ['v2', 'v3']));
  if (wanted.size === 0) throw new ApkError('BAD_SCHEMES', 'no scheme to sign with');
  if (wanted.has('v1') && minSdk < V1_SIGNED_ATTRIBUTES_MIN_SDK) {
    throw new ApkError(
      'MIN_SDK_TOO_LOW',
      `minSdkVersion ${minSdk} needs v1 signatures without signed attributes, which cannot be made from a digest; v1 here needs minSdkVersion ${V1_SIGNED_ATTRIBUTES_MIN_SDK} or higher`,
    );
  }
  const later = (['v2', 'v3'] as const).filter((s) => wanted.has(s));
  const rounds: Scheme[][] = [];
  if (wanted.has('v1')) rounds.push(['v1']);
  if (later.length > 0) rounds.push([...later]);
  return rounds;
}

/** The scheme numbers a v1 .SF names in X-Android-APK-Signed (the schemes of the rounds after it). */
export function apkSignedSchemeIds(rounds: Rounds): number[] {
  return rounds.slice(1).flat().map((s) => Number(s.slice(1)));
}
