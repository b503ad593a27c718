/**
 * Whether a v2/v3 round carries a manifest proof. `always`: every APK round with a SHA-256 content
 * digest (what a signer policy with `"requireProof": true` needs); `auto`: when the proof's raw
 * bytes stay within a budget, which is where the manifest sits near the end of its 1 MiB chunk
 * (docs/bench/manifest-proof.md measures what it costs); `never` (the default): none. The default
 * is never because a proof costs from 1 KB to 1 MB on the link against about 80 bytes for the item:
 * 1000 items of the cheapest kind alone would take the request from 78 KB to megabytes and its
 * link time from 2 s past the minute; the policy, not the online side, decides where proof is needed.
 */
export type ProofChoice = 'always' | 'auto' | 'never';
export const PROOF_CHOICES: readonly ProofChoice[] = ['always', 'auto', 'never'];

/** What `auto` carries at most per item, in raw proof bytes: about 20 s of the optical link at its default density. */
export const AUTO_PROOF_BUDGET = 64 * 1024;

export const DEFAULT_PROOF_CHOICE: ProofChoice = 'never';

/** The most raw proof bytes one item may carry: with the item, it must fit a request (LIMITS.maxMessageBytes, 4 MiB). */
export const MAX_PROOF_BYTES = 3 * 1024 * 1024;

export function wantsProof(choice: ProofChoice, rawBytes: number): boolean {
  return (choice === 'always' && rawBytes <= MAX_PROOF_BYTES) || (choice === 'auto' && rawBytes <= AUTO_PROOF_BUDGET);
}
