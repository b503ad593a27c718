/**
 * Signing rounds. APK Signature Scheme v2 and v3 cover the whole file, including the v1
 * signature files, so an APK that needs v1 and v2/v3 is signed twice: v1 first, then v2+v3
 * over the v1-signed file, in a later request. The engine plans the rounds; these read them.
 */
import { ANDROID_SCHEMES } from '../../protocol/kinds/index.ts';
import type { AndroidScheme, Scheme } from '../../protocol/kinds/index.ts';

/** Every scheme signed up to and including `round`. */
export function schemesThrough(rounds: readonly (readonly Scheme[])[], round: number): Scheme[] {
  return rounds.slice(0, round + 1).flat();
}

/** Parses "v1,v2,v3" (the schemes `request --schemes` forces on an APK). */
export function parseSchemes(text: string): AndroidScheme[] | undefined {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !(ANDROID_SCHEMES as readonly string[]).includes(p))) return undefined;
  if (new Set(parts).size !== parts.length) return undefined;
  return ANDROID_SCHEMES.filter((s) => parts.includes(s));
}
