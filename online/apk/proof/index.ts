export { buildManifestProof, proofLayout, proofRawBytes } from './build-proof.ts';
export type { ProofLayout } from './build-proof.ts';
export { wantsProof, PROOF_CHOICES, AUTO_PROOF_BUDGET, DEFAULT_PROOF_CHOICE, MAX_PROOF_BYTES } from './choose.ts';
export type { ProofChoice } from './choose.ts';
