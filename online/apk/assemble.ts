/**
 * Assemble: put the signatures of a round into the artifact. A v1 round writes MANIFEST.MF, the
 * .SF file and the PKCS#7 block into the archive; a v2/v3 round inserts the APK Signing Block
 * before the central directory and fixes the end record. When another round follows, it is
 * prepared at once over the file just written.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { toHex } from '../../protocol/bytes.ts';
import { KINDS, signatureFileBytes } from '../../protocol/kinds/index.ts';
import { buildToBeSigned, certificateFields, APK_BLOCK_IDS } from '../../protocol/signing/index.ts';
import type { ToBeSigned } from '../../protocol/signing/index.ts';
import { ApkError } from './errors.ts';
import { OutputFile } from './output-file.ts';
import { contentDigestAlgorithmFor, finishRound, keyTypeOf, manifestProofFor, prepareRound, v2v3Fields } from './prepare.ts';
import type { PreparedRound } from './prepare.ts';
import { signatureProblem } from '../signatures/index.ts';
import type { SchemeSignature } from '../signatures/index.ts';
import { checkRoundItem } from './state.ts';
import type { ItemFields, RoundState } from './state.ts';
import { buildSignatureBlock } from './v1/pkcs7.ts';
import { isV1SignatureFile, MANIFEST_NAME, v1SignatureFileNames } from './v1/v1-files.ts';
import { ChunkedDigest } from './v2/chunked-digest.ts';
import { DEFAULT_PROOF_CHOICE } from './proof/index.ts';
import { buildSigningBlock } from './v2/signing-block.ts';
import { encodeSignerBlock } from './v2/signer-block.ts';
import type { PlanSection } from './zip/archive-plan.ts';
import { planArchive, signingBlockPadding, walkPlan } from './zip/archive-plan.ts';
import { latestDosStamp, newDeflatedEntries } from './zip/new-entry.ts';
import { openArchive } from './zip/zip-archive.ts';
import type { ZipArchive } from './zip/zip-archive.ts';

export type AssembleResult =
  | { readonly done: true; readonly outPath: string }
  /** Another round is needed: sign `next.item`, then assemble `next.state` into a different file. */
  | { readonly done: false; readonly outPath: string; readonly next: PreparedRound };

function inputChanged(state: RoundState): ApkError {
  return new ApkError('INPUT_CHANGED', `${state.inputPath} changed since it was prepared`);
}

function openInput(state: RoundState): ZipArchive {
  const archive = openArchive(state.inputPath);
  if (archive.file.size !== state.inputSize) {
    archive.file.close();
    throw inputChanged(state);
  }
  return archive;
}

/**
 * Writes a v1 round. When v2/v3 follow, their content digest is computed on the way, over the file
 * as the next round will lay it out (entries padded to 4096, the end record pointing past the
 * padding), so the next round needs no second pass over what was just written.
 */
function writeV1Round(state: RoundState, item: ItemFields, tbs: ToBeSigned, signature: Uint8Array, certificateDer: Uint8Array, outPath: string, nextDigest?: ChunkedDigest): void {
  const files = state.v1Files;
  if (files === undefined) throw new ApkError('BAD_STATE', 'a v1 round without its v1 files');
  const manifest = Buffer.from(files.manifest, 'base64');
  const signatureFile = Buffer.from(files.signatureFile, 'base64');
  const sfDigest = createHash('sha256').update(signatureFile).digest();
  const v1Sf = 'v1Sf' in item ? item.v1Sf : undefined;
  let block: Uint8Array;
  if (v1Sf !== undefined) {
    // Signed whole (minSdk below 19): the signature covers the .SF that crossed the link, which must be the saved one.
    if (!signatureFile.equals(signatureFileBytes(v1Sf))) throw new ApkError('BAD_STATE', 'the saved .SF file is not the one that was signed');
    block = buildSignatureBlock({ certificateDer, digestAlgorithm: v1Sf.digestAlgorithm, signature, keyKind: tbs.keyKind });
  } else {
    if (item.v1 === undefined || toHex(sfDigest) !== toHex(item.v1.sfDigest)) throw new ApkError('BAD_STATE', 'the saved .SF file does not match the signed digest');
    block = buildSignatureBlock({ certificateDer, sfDigest, signature, keyKind: tbs.keyKind });
  }
  const names = v1SignatureFileNames(tbs.keyKind);
  if (state.inputSha256 === undefined) throw new ApkError('BAD_STATE', 'a v1 round without the SHA-256 of its input');
  const archive = openInput(state);
  // Dated as apksigner dates them: the latest entry that stays in the archive.
  const stamp = latestDosStamp(archive.entries.filter((e) => !isV1SignatureFile(e.name)).map((e) => e.record));
  const entries = newDeflatedEntries(
    [
      { name: MANIFEST_NAME, content: manifest },
      { name: names.sf, content: signatureFile },
      { name: names.block, content: block },
    ],
    stamp,
  );
  const out = new OutputFile(outPath);
  // The whole input is hashed on the way: what was digested at prepare is what gets copied.
  const inputHash = createHash('sha256');
  try {
    // JAR readers that stream (JarInputStream) want the manifest first; APKs keep their entries in place.
    const plan = planArchive(archive, { dropSignatureFiles: true, add: { entries, first: state.artifact === 'jar' }, padForSigningBlock: false });
    let section: PlanSection = 'entries';
    walkPlan(archive.file, plan, (s, data) => {
      out.write(data);
      if (nextDigest === undefined) return;
      if (s !== section) {
        if (section === 'entries') nextDigest.update(Buffer.alloc(signingBlockPadding(plan.entriesLength)));
        nextDigest.endSection();
        section = s;
      }
      if (s === 'eocd') {
        const eocd = Buffer.from(data);
        eocd.writeUInt32LE(plan.entriesLength + signingBlockPadding(plan.entriesLength), 16);
        nextDigest.update(eocd);
      } else {
        nextDigest.update(data);
      }
    }, inputHash);
    if (inputHash.digest('hex') !== state.inputSha256) throw inputChanged(state);
    out.commit();
  } catch (e) {
    out.abandon();
    throw e;
  } finally {
    archive.file.close();
  }
}

function writeV2V3Round(state: RoundState, item: ItemFields, tbs: readonly ToBeSigned[], signatures: readonly Uint8Array[], certificateDer: Uint8Array, outPath: string): void {
  const publicKey = certificateFields(certificateDer).subjectPublicKeyInfo;
  const v2v3 = 'v2v3' in item ? item.v2v3 : undefined;
  if (v2v3 === undefined) throw new ApkError('BAD_STATE', 'a v2/v3 round whose item has no content digest');
  const pairs = tbs.map((t, i) => ({
    id: t.scheme === 'v2' ? APK_BLOCK_IDS.V2 : APK_BLOCK_IDS.V3,
    value: encodeSignerBlock({
      signedData: t.data, signatures: [{ algorithm: t.algorithm, signature: signatures[i]! }], publicKey,
      ...(t.scheme === 'v3' ? { sdkRange: { min: v2v3.v3MinSdk, max: v2v3.v3MaxSdk } } : {}),
    }),
  }));
  const block = buildSigningBlock(pairs);
  const archive = openInput(state);
  const out = new OutputFile(outPath);
  try {
    const plan = planArchive(archive, { dropSignatureFiles: state.round === 0, padForSigningBlock: true });
    const digest = new ChunkedDigest(tbs[0]!.hash === 'sha512' ? 'sha512' : 'sha256');
    let section: PlanSection = 'entries';
    walkPlan(archive.file, plan, (s, data) => {
      if (s !== section) {
        digest.endSection();
        if (section === 'entries') out.write(block);
        section = s;
      }
      digest.update(data);
      if (s === 'eocd') {
        // The digest saw the end record pointing at the signing block; the file points past it.
        const eocd = Buffer.from(data);
        eocd.writeUInt32LE(eocd.readUInt32LE(16) + block.length, 16);
        out.write(eocd);
      } else {
        out.write(data);
      }
    });
    // Everything written was digested again: the file must be exactly what was prepared and signed.
    if (toHex(digest.digest()) !== toHex(v2v3.contentDigest)) throw inputChanged(state);
    out.commit();
  } catch (e) {
    out.abandon();
    throw e;
  } finally {
    archive.file.close();
  }
}

/**
 * The v2/v3 fields of the round after a v1 round, from the digest taken while the v1 files were
 * written; its manifest proof is made over the written file, planned as a v2/v3 round plans it.
 */
function nextRoundFields(outPath: string, nextDigest: ChunkedDigest, state: RoundState): ReturnType<typeof v2v3Fields> {
  const contentDigest = nextDigest.digest();
  const choice = state.manifestProof ?? DEFAULT_PROOF_CHOICE;
  if (choice === 'never' || state.artifact !== 'apk') return v2v3Fields(contentDigest);
  const archive = openArchive(outPath);
  try {
    const plan = planArchive(archive, { dropSignatureFiles: false, padForSigningBlock: true });
    return v2v3Fields(contentDigest, manifestProofFor(archive.file, plan, nextDigest.chunks, contentDigest, state.info, choice));
  } finally {
    archive.file.close();
  }
}

/** Writes the signed round to outPath (a new file; never the input); `roundItem` is the item the round prepared (and was signed). */
/** `madeCertificate`: for a round prepared for a key the signer was to make (the state has no certificate), the certificate it made. */
export async function assembleArtifact(state: RoundState, roundItem: ItemFields, signatures: readonly SchemeSignature[], outPath: string, madeCertificate?: Uint8Array): Promise<AssembleResult> {
  if (state.v !== 1 || state.round < 0 || state.round >= state.rounds.length) throw new ApkError('BAD_STATE', 'not a state this engine wrote');
  if (outPath === state.inputPath) throw new ApkError('BAD_STATE', 'the output must be a different file from the input');
  const certificateDer = state.certificate === '' && madeCertificate !== undefined ? madeCertificate : new Uint8Array(Buffer.from(state.certificate, 'base64'));
  const item = checkRoundItem(state, roundItem);
  const tbs = buildToBeSigned(item, certificateDer);
  // Checked before they go into a file (online/signatures: the pipeline's own check, for a caller without the pipeline).
  const problem = signatureProblem(tbs, signatures, certificateDer, "the certificate's key", KINDS[item.artifact].ecdsaEncoding);
  if (problem !== undefined) throw new ApkError('BAD_SIGNATURE', problem.message);
  const checked = tbs.map((t) => signatures.find((s) => s.scheme === t.scheme)!.signature);
  const key = keyTypeOf(certificateDer);
  const last = state.round + 1 >= state.rounds.length;
  const nextIsV2V3 = !last && !state.rounds[state.round + 1]!.includes('v1');
  const nextDigest = tbs[0]!.scheme === 'v1' && nextIsV2V3 ? new ChunkedDigest(contentDigestAlgorithmFor(key)) : undefined;
  if (tbs[0]!.scheme === 'v1') writeV1Round(state, item, tbs[0]!, checked[0]!, certificateDer, outPath, nextDigest);
  else writeV2V3Round(state, item, tbs, checked, certificateDer, outPath);
  if (last) return { done: true, outPath };
  const ctx = { path: outPath, info: state.info, rounds: state.rounds, round: state.round + 1, originalSha256: item.sha256, certificateDer, key, ...(state.manifestProof === undefined ? {} : { manifestProof: state.manifestProof }) };
  const next = nextDigest !== undefined ? finishRound(ctx, { size: statSync(outPath).size }, nextRoundFields(outPath, nextDigest, state)) : await prepareRound(ctx);
  return { done: false, outPath, next };
}
