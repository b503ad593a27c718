/**
 * The two times an OpenPGP item names, checked before anything is signed: the key's OpenPGP
 * creation time must be the one this signer fixed at export (state directory, openpgp-keys.json),
 * or the signature would name another fingerprint than the key.asc apt trusts; and the signature's
 * creation time must be within the policy's request window of the signer's own clock. The item
 * carries the signature's time (rather than the signer taking its clock at signing) so the bytes
 * signed are the request's alone: a rerun after a crash signs the same bytes, and the online side
 * rebuilds the same packet.
 */
import type { SigningItem } from '../../protocol/messages/index.ts';
import type { Verdict } from '../policy/evaluate.ts';
import type { Policy } from '../policy/schema.ts';

export interface OpenPgpTimesInput {
  readonly policy: Policy;
  /** Unix seconds. */
  readonly now: number;
  /** The key's OpenPGP creation time as the state directory keeps it, by certificate SHA-256 (hex). */
  readonly keyCreated: ((certificateSha256Hex: string) => number | undefined) | undefined;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** A refusal for an OpenPGP item whose times do not hold, or undefined (also for other kinds). */
export function openPgpTimesVerdict(input: OpenPgpTimesInput, item: SigningItem, certificateSha256Hex: string): Verdict | undefined {
  if (item.artifact !== 'apt-release') return undefined;
  const known = input.keyCreated?.(certificateSha256Hex);
  if (known === undefined) {
    return { allowed: false, reason: 'UNKNOWN_KEY', detail: `the key (certificate sha256:${certificateSha256Hex.slice(0, 16)}…) has no OpenPGP form on this signer yet: run "airsign-signer export-openpgp" for it first` };
  }
  if (known !== item.keyCreated) {
    return { allowed: false, reason: 'INVALID_ITEM', detail: `the item names the key's OpenPGP form created ${iso(item.keyCreated)}, this signer's was created ${iso(known)} (another fingerprint): use the key.asc export-openpgp wrote` };
  }
  const { policy, now } = input;
  if (item.created < now - policy.maxRequestAgeSeconds || item.created > now + policy.maxClockSkewSeconds) {
    return { allowed: false, reason: 'INVALID_ITEM', detail: `the signature creation time ${iso(item.created)} is outside the policy's window around the signer's clock (${iso(now)})` };
  }
  return undefined;
}
