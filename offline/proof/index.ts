export { checkItemProof, provenLines } from './check-proof.ts';
export type { ProofVerdict } from './check-proof.ts';
