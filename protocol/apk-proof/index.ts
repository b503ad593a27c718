export { ManifestProof, CHUNK_BYTES, MAX_SECTION_CHUNKS, toPieces, joinProof } from './schema.ts';
export type { JoinedProof } from './schema.ts';
export { verifyManifestProof, provenContentDigest } from './verify-proof.ts';
export type { ProofClaims } from './verify-proof.ts';
export type { ManifestFacts } from './manifest-facts.ts';
export { readManifestFacts } from './manifest-facts.ts';
export { ProofError, isProofError } from './errors.ts';
export type { ProofErrorCode } from './errors.ts';
