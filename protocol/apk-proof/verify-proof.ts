/**
 * Checks a manifest proof against the content digest an item asks to have signed, and reads the
 * manifest it proves. In order: the end record and the central directory (carried whole) place
 * AndroidManifest.xml at an offset of section 1 and say how long section 1 is; the proof's entry
 * must start exactly there; the chunks it spans are recomputed and, with the proof's other chunk
 * digests and those of sections 2 and 3, give a content digest that must be the item's; only then
 * is the entry inflated (bounded) and its binary XML read; the package, version code and version
 * name must be the item's claims. Anything short of that is a typed ProofError.
 */
import { bytesEqual, toHex } from '../bytes.ts';
import { ProofError, malformed } from './errors.ts';
import { inflateManifest } from './inflate-entry.ts';
import { readManifestFacts } from './manifest-facts.ts';
import type { ManifestFacts } from './manifest-facts.ts';
import { provenChunkDigests, sectionChunkDigests, topLevelDigest } from './chunk-digests.ts';
import { joinProof } from './schema.ts';
import type { JoinedProof, ManifestProof } from './schema.ts';
import { findManifestRecord, readEndRecord, readLocalEntry } from './zip-records.ts';

export interface ProofClaims {
  readonly name: string;
  readonly versionCode: number;
  readonly versionName: string;
}

/** The content digest the proof's bytes give, and where the manifest's entry sits in section 1. */
export function provenContentDigest(proof: JoinedProof): { digest: Uint8Array; entryOffset: number } {
  const end = readEndRecord(proof.eocd);
  const record = findManifestRecord(proof.centralDirectory, end);
  const chunks = provenChunkDigests(proof, end.centralDirectoryOffset);
  if (chunks.entryOffset !== record.localHeaderOffset) {
    throw new ProofError('PROOF_NOT_THE_MANIFEST', `the central directory puts AndroidManifest.xml at ${record.localHeaderOffset}; the proof's entry is at ${chunks.entryOffset}`);
  }
  const before = proof.chunkDigests.slice(0, proof.chunk);
  const after = proof.chunkDigests.slice(proof.chunk);
  const all = [...before, ...chunks.digests, ...after, ...sectionChunkDigests(proof.centralDirectory), ...sectionChunkDigests(proof.eocd)];
  return { digest: topLevelDigest(all), entryOffset: chunks.entryOffset };
}

export function verifyManifestProof(carried: ManifestProof, contentDigest: Uint8Array, claims: ProofClaims): ManifestFacts {
  const proof = joinProof(carried);
  if (proof.eocd.length < 22 || proof.centralDirectory.length < 46 || proof.entry.length < 30) malformed('the end record, central directory or entry is too short');
  if (contentDigest.length !== 32) throw new ProofError('PROOF_UNSUPPORTED', 'manifest proofs cover SHA-256 content digests only (RSA keys up to 3072 bits, EC P-256)');
  const { digest } = provenContentDigest(proof);
  if (!bytesEqual(digest, contentDigest)) throw new ProofError('PROOF_DIGEST_MISMATCH', `the proof gives content digest ${toHex(digest).slice(0, 16)}…, the item asks to sign ${toHex(contentDigest).slice(0, 16)}…`);
  const record = findManifestRecord(proof.centralDirectory, readEndRecord(proof.eocd));
  const facts = readManifestFacts(inflateManifest(readLocalEntry(proof.entry, record), record));
  const disagree = [
    facts.packageName !== claims.name ? `package ${facts.packageName}, claimed ${claims.name}` : '',
    facts.versionCode !== claims.versionCode ? `versionCode ${facts.versionCode}, claimed ${claims.versionCode}` : '',
    facts.versionName !== claims.versionName ? `versionName ${JSON.stringify(facts.versionName.slice(0, 40))}, claimed ${JSON.stringify(claims.versionName.slice(0, 40))}` : '',
  ].filter((s) => s !== '');
  if (disagree.length > 0) throw new ProofError('PROOF_CLAIMS_DISAGREE', `the manifest says ${disagree.join('; ')}`);
  return facts;
}
