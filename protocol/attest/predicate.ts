/**
 * The in-toto Statement v1 a rebuilder signs for one artifact, and airsign's predicate: every
 * digest the signer will be asked to sign for it, per round and schemes, as `airsign request`
 * computes them, plus the claims the review may then show as attested (package or JAR name,
 * version code or index timestamp) and the source it was built from.
 */
import { z } from 'zod';
import { fromUtf8, toHex, utf8 } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { ARTIFACT_KINDS, itemSignedDigests, policySubject } from '../kinds/index.ts';
import type { UnkeyedItem } from '../kinds/index.ts';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://airsign.dev/attestation/signing-digests/v1';

export const AttestedDigest = z.strictObject({
  /** The round of the artifact's signing, from 1. */
  round: z.number().int().min(1).max(2),
  /** The schemes this digest's signatures serve, as the review says them: "v1", "v2+v3". */
  schemes: z.enum(['v1', 'v2', 'v3', 'v2+v3']),
  /** The digest signed (the .SF digest, or the chunked content digest), hex. */
  digest: z.string().regex(/^([0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/, { message: 'a digest is 20, 32 or 64 bytes of lowercase hex' }),
});
export type AttestedDigest = z.infer<typeof AttestedDigest>;

export const SigningDigestsPredicate = z.strictObject({
  artifact: z.enum(ARTIFACT_KINDS),
  /** Package name (APK) or file name (JAR), as the policy matches it. */
  name: z.string().min(1).max(255),
  /** versionCode (APK) or index timestamp (JAR). */
  versionCode: z.number().int().min(0).max(2 ** 52 - 1),
  /** Where it was built from, as the rebuilder says it (a VCS URL and commit, a source tarball digest). */
  source: z.string().min(1).max(500),
  /** How many signing rounds the artifact takes (2: v1 first, then v2+v3 over the v1-signed file). */
  rounds: z.number().int().min(1).max(2),
  /** Every digest the rebuilder could compute; a second round's digest covers the first round's signature and is never here. */
  digests: z.array(AttestedDigest).min(1).max(4),
});
export type SigningDigestsPredicate = z.infer<typeof SigningDigestsPredicate>;

export const Statement = z.object({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(z.object({ name: z.string().max(1000).optional(), digest: z.record(z.string(), z.string().max(200)) })).min(1).max(64),
  predicateType: z.string().max(200),
  predicate: z.unknown(),
});
export type Statement = z.infer<typeof Statement>;

/** The predicate for a prepared first round (the digests it asks to have signed), as `airsign attest` writes it. */
export function predicateFor(item: UnkeyedItem, rounds: number, source: string): SigningDigestsPredicate {
  const subject = policySubject(item);
  const digests = itemSignedDigests(item).map((d) => ({ round: 1, schemes: d.schemes as AttestedDigest['schemes'], digest: d.hex }));
  return SigningDigestsPredicate.parse({ artifact: item.artifact, name: subject.name, versionCode: subject.order, source, rounds, digests });
}

/** The statement's bytes, as our attest writes them (any other serialization verifies the same way). */
export function statementBytes(fileName: string, sha256: Uint8Array, predicate: SigningDigestsPredicate): Uint8Array {
  return utf8(JSON.stringify({ _type: STATEMENT_TYPE, subject: [{ name: fileName, digest: { sha256: toHex(sha256) } }], predicateType: PREDICATE_TYPE, predicate }));
}

/** A payload read as a statement; SCHEMA when it is not one. */
export function parseStatement(payload: Uint8Array): Statement {
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(payload, 'payload'));
  } catch (cause) {
    throw new ProtocolError('SCHEMA', 'the payload is not JSON', { cause });
  }
  const parsed = Statement.safeParse(json);
  if (!parsed.success) throw new ProtocolError('SCHEMA', `not an in-toto Statement v1: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
