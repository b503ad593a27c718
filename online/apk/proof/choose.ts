/**
 * Whether a v2/v3 round carries a manifest proof. `always`: every APK round with a SHA-256 content
 * digest (what a signer policy with `"requireProof": true` needs); `never`: none; `auto` (the
 * default): when the proof's raw bytes stay within a budget, which is where the manifest sits near
 * the end of its 1 MiB chunk (docs/bench/manifest-proof.md measures what it costs).
 */
export type ProofChoice = 'always' | 'auto' | 'never';
export const PROOF_CHOICES: readonly ProofChoice[] = ['always', 'auto', 'never'];

/** What `auto` carries at most per item, in raw proof bytes: about 20 s of the optical link at its default density. */
export const AUTO_PROOF_BUDGET = 64 * 1024;

export function wantsProof(choice: ProofChoice, rawBytes: number): boolean {
  return choice === 'always' || (choice === 'auto' && rawBytes <= AUTO_PROOF_BUDGET);
}
