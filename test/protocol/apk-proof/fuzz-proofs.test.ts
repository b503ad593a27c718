/**
 * Fuzz, with the seeded PRNG (any failure replays from its seed and case number): mutated binary
 * XML through the manifest reader, mutated request bytes carrying a proof through the message
 * decoder and the proof check, and mutated proof fields through the proof check. Every outcome is
 * facts, a ProtocolError (the decoder) or a ProofError: never another exception, never a hang.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isProofError, joinProof, readManifestFacts, toPieces, verifyManifestProof } from '../../../protocol/apk-proof/index.ts';
import type { ManifestProof } from '../../../protocol/apk-proof/index.ts';
import { isProtocolError } from '../../../protocol/errors.ts';
import { decodeMessage, encodeMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest } from '../../../protocol/messages/index.ts';
import { androidManifestXml } from '../../support/binary-xml-writer.ts';
import { proveZip } from '../../support/manifest-proofs.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { buildTestApk } from '../../support/zip-builder.ts';
import { mutate, seededRandom } from '../messages/mutate.ts';
import type { Random } from '../messages/mutate.ts';

const SEED = 0x5eed_0020;
const int = (rnd: Random, n: number) => Math.floor(rnd() * n);
const U32 = [0, 1, 2, 8, 0x14, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

function manifestOf(proof: ManifestProof): Uint8Array {
  const entry = joinProof(proof).entry;
  const dataAt = 30 + entry[26]! + (entry[27]! << 8) + entry[28]! + (entry[29]! << 8);
  return new Uint8Array(inflateRawSync(entry.subarray(dataAt)));
}

/** Binary-XML-aware edits besides the generic ones: a 16- or 32-bit field set to an edge value. */
function mutateXml(input: Uint8Array, rnd: Random, others: readonly Uint8Array[]): Uint8Array {
  if (rnd() < 0.5) return mutate(input, rnd, others);
  const out = new Uint8Array(input);
  for (let n = 1 + int(rnd, 3); n > 0; n--) {
    const at = int(rnd, Math.max(1, out.length - 4)) & ~1;
    const v = U32[int(rnd, U32.length)]!;
    out[at] = v & 0xff; out[at + 1] = (v >>> 8) & 0xff;
    if (rnd() < 0.5) { out[at + 2] = (v >>> 16) & 0xff; out[at + 3] = v >>> 24; }
  }
  return out;
}

function same(a: ReturnType<typeof joinProof>, b: ReturnType<typeof joinProof>): boolean {
  const flat = (p: ReturnType<typeof joinProof>) => JSON.stringify([p.chunk, p.stateBytes, ...[p.state, p.tail, p.entry, p.suffix, p.centralDirectory, p.eocd, ...p.chunkDigests].map((x) => Buffer.from(x).toString('hex'))]);
  return flat(a) === flat(b);
}

const real = proveZip(readFileSync(REAL_APK));
const small = proveZip(buildTestApk({ minSdk: 26 }));

describe('fuzz the manifest reader', () => {
  it('20,000 mutated manifests: facts or PROOF_BAD_MANIFEST', () => {
    const seeds = [manifestOf(real.proof), manifestOf(small.proof), new Uint8Array(androidManifestXml({ packageName: 'a.b', versionCode: 1, versionName: 'x', minSdk: 1, targetSdk: 2 }))];
    const rnd = seededRandom(SEED);
    const outcome = { facts: 0, refused: 0 };
    for (let i = 0; i < 20_000; i++) {
      const input = mutateXml(seeds[i % seeds.length]!, rnd, seeds);
      try {
        readManifestFacts(input);
        outcome.facts++;
      } catch (error) {
        if (!isProofError(error, 'PROOF_BAD_MANIFEST')) throw new Error(`case ${i}: ${String(error)}`, { cause: error });
        outcome.refused++;
      }
    }
    console.info('fuzz manifests', JSON.stringify(outcome));
    expect(outcome.facts).toBeGreaterThan(100);
    expect(outcome.refused).toBeGreaterThan(1000);
  });
});

const claims = { name: 'org.airsign.sample', versionCode: 7, versionName: '1.2.3' };

function check(proof: ManifestProof, digest: Uint8Array, what: string, tally: Record<string, number>): void {
  try {
    verifyManifestProof(proof, digest, claims);
    tally.PROVEN = (tally.PROVEN ?? 0) + 1;
  } catch (error) {
    if (!isProofError(error)) throw new Error(`${what}: ${String(error)}`, { cause: error });
    tally[error.code] = (tally[error.code] ?? 0) + 1;
  }
}

describe('fuzz the proof decoder', () => {
  it('3,000 mutated requests carrying a proof: a ProtocolError, or a request whose proof is proven or refused typed', () => {
    const request: SigningRequest = {
      v: 2, kind: 'request', requestId: new Uint8Array(16), issuedAt: 1_764_000_000, keys: [new Uint8Array(32)],
      items: [{ key: 0, artifact: 'apk', ...claims, sha256: new Uint8Array(32), schemes: ['v2', 'v3'], v2v3: { contentDigest: small.contentDigest, v3MinSdk: 28, v3MaxSdk: 0x7fffffff }, manifestProof: small.proof }],
    };
    const bytes = encodeMessage(request);
    const rnd = seededRandom(SEED + 1);
    const tally: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) {
      let decoded: SigningRequest;
      try {
        decoded = decodeMessage(mutate(bytes, rnd, [bytes])) as SigningRequest;
      } catch (error) {
        if (!isProtocolError(error)) throw new Error(`case ${i}: ${String(error)}`, { cause: error });
        tally.DECODER = (tally.DECODER ?? 0) + 1;
        continue;
      }
      const item = decoded.items?.[0];
      if (item?.artifact !== 'apk' || item.manifestProof === undefined || item.v2v3 === undefined) continue;
      check(item.manifestProof, item.v2v3.contentDigest, `case ${i}`, tally);
    }
    console.info('fuzz proof messages', JSON.stringify(tally));
    expect(tally.DECODER).toBeGreaterThan(100);
    expect((tally.PROOF_DIGEST_MISMATCH ?? 0) + (tally.PROOF_MALFORMED ?? 0)).toBeGreaterThan(10);
  });

  it('5,000 proofs with fields edited in place: proven only unchanged, else refused typed', () => {
    const rnd = seededRandom(SEED + 2);
    const tally: Record<string, number> = {};
    const j = joinProof(small.proof);
    const edits: ((p: ManifestProof) => ManifestProof)[] = [
      (p) => ({ ...p, chunk: U32[int(rnd, 4)]! }),
      (p) => ({ ...p, stateBytes: int(rnd, 4) * 64 + (rnd() < 0.3 ? int(rnd, 64) : 0) }),
      (p) => ({ ...p, tail: p.tail.subarray(0, int(rnd, p.tail.length + 1)) }),
      (p) => ({ ...p, entry: toPieces(mutate(j.entry, rnd, [j.suffix])) }),
      (p) => ({ ...p, suffix: toPieces(mutate(j.suffix, rnd, [j.entry])) }),
      (p) => ({ ...p, centralDirectory: toPieces(mutate(j.centralDirectory, rnd, [j.eocd])) }),
      (p) => ({ ...p, eocd: toPieces(mutate(j.eocd, rnd, [j.centralDirectory])) }),
      (p) => ({ ...p, chunkDigests: toPieces(new Uint8Array(32 * int(rnd, 3))) }),
    ];
    for (let i = 0; i < 5000; i++) {
      let proof = small.proof;
      for (let n = 1 + int(rnd, 2); n > 0; n--) proof = edits[int(rnd, edits.length)]!(proof);
      const before = tally.PROVEN ?? 0;
      check(proof, small.contentDigest, `case ${i}`, tally);
      // Proven only when the edits left the proof's bytes as they were.
      if ((tally.PROVEN ?? 0) > before) expect(same(joinProof(proof), j), `case ${i}`).toBe(true);
    }
    console.info('fuzz proof fields', JSON.stringify(tally));
    expect(tally.PROOF_MALFORMED).toBeGreaterThan(100);
    expect(tally.PROOF_DIGEST_MISMATCH).toBeGreaterThan(100);
  });
});
