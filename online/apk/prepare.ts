/**
 * Prepare: read an APK or JAR, choose its schemes and rounds, and compute the few fields the
 * offline side needs to build what it signs: the .SF digest for a v1 round, the content digest
 * for a v2/v3 round. Returns the item fields, what the operator sees, and the state assembly needs.
 */
import { signatureFileChunks, unknownKind } from '../../protocol/kinds/index.ts';
import type { AndroidKind } from './android-kind.ts';
import { toHex } from '../../protocol/bytes.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import type { AndroidScheme as Scheme } from '../../protocol/kinds/index.ts';
import { certificateKeyType, checkSignatureFile, contentDigestAlgorithm, isSignatureFileError, signatureAlgorithmFor } from '../../protocol/signing/index.ts';
import type { KeyType } from '../../protocol/signing/index.ts';
import { readArtifactInfo } from './artifact-info.ts';
import type { ArtifactInfo } from './artifact-info.ts';
import { ApkError } from './errors.ts';
import { fileSha256 } from './file-digest.ts';
import { apkSignedSchemeIds, checkV1Key, chooseRounds, v1FormFor, V3_MAX_SDK, V3_MIN_SDK } from './schemes.ts';
import type { Rounds } from './schemes.ts';
import { checkItem } from './state.ts';
import type { RoundState, ItemFields } from './state.ts';
import { buildV1Files } from './v1/signature-files.ts';
import { isV1Covered } from './v1/v1-files.ts';
import { planChunkedDigests } from './v2/plan-digest.ts';
import { buildManifestProof, DEFAULT_PROOF_CHOICE, MAX_PROOF_BYTES, proofLayout, proofRawBytes, wantsProof } from './proof/index.ts';
import type { ProofChoice } from './proof/index.ts';
import { isProofError, verifyManifestProof } from '../../protocol/apk-proof/index.ts';
import type { ManifestProof } from '../../protocol/apk-proof/index.ts';
import type { ArchivePlan } from './zip/archive-plan.ts';
import type { RandomAccessFile } from './zip/random-access-file.ts';
import { planArchive } from './zip/archive-plan.ts';
import { digestEntry, digestSmallEntry, isSmallEntry } from './zip/entry-data.ts';
import { openArchive } from './zip/zip-archive.ts';
import type { ZipArchive } from './zip/zip-archive.ts';
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';

export interface PrepareOptions {
  /** The signer's certificate (DER): it picks the algorithm and digest. */
  readonly certificateDer: Uint8Array;
  /** Override apksigner's choice of schemes (APKs); JARs are always v1. */
  readonly schemes?: readonly Scheme[];
  /** Treat the file as this kind instead of guessing (an APK has AndroidManifest.xml). */
  readonly artifact?: AndroidKind;
  /** A JAR's name when the file's own name is not it (e.g. a spool file). */
  readonly jarName?: string;
  /** Whether a v2/v3 round of an APK carries a manifest proof (proof/choose.ts); default `never`. */
  readonly manifestProof?: ProofChoice;
  /** A key the signer is to make (no certificate yet: certificateDer is empty): its type picks the algorithm. */
  readonly keyType?: KeyType;
}

export interface PreparedRound {
  readonly item: ItemFields;
  readonly state: RoundState;
  readonly info: ArtifactInfo;
}

export function keyTypeOf(certificateDer: Uint8Array): KeyType {
  try {
    return certificateKeyType(certificateDer);
  } catch (cause) {
    if (isProtocolError(cause)) throw new ApkError('UNSUPPORTED_KEY', `the signing certificate cannot sign APKs: ${cause.message}`, { cause });
    throw cause;
  }
}

export interface RoundContext {
  readonly path: string;
  readonly info: ArtifactInfo;
  readonly rounds: Rounds;
  readonly round: number;
  /** SHA-256 of the artifact as submitted; the first round's input is that artifact. */
  readonly originalSha256?: Uint8Array;
  readonly certificateDer: Uint8Array;
  readonly key: KeyType;
  readonly manifestProof?: ProofChoice;
}

async function v1Fields(archive: ZipArchive, ctx: RoundContext): Promise<RoundFields> {
  const form = v1FormFor(ctx.info.artifact, ctx.info.minSdkVersion);
  const algorithms = [form.digestAlgorithm];
  const digests = new Map<string, Uint8Array>();
  for (const entry of archive.entriesByOffset) {
    if (!isV1Covered(entry.name)) continue;
    // Small entries synchronously (thousands of them: no promise each), large ones streamed.
    const digest = isSmallEntry(entry) ? digestSmallEntry(archive.file, entry, algorithms) : await digestEntry(archive.file, entry, algorithms);
    digests.set(entry.name, digest[0]!);
  }
  const files = buildV1Files(digests, ctx.info.artifact === 'apk' ? apkSignedSchemeIds(ctx.rounds) : [], form.digestAlgorithm);
  const v1Files = { manifest: files.manifest.toString('base64'), signatureFile: files.signatureFile.toString('base64') };
  if (form.signedAttributes) return { v1: { digestAlgorithm: 'sha256', sfDigest: new Uint8Array(createHash('sha256').update(files.signatureFile).digest()) }, v1Files };
  // Below API level 19 the signature covers the .SF itself, which then crosses the link whole.
  const manifestDigest = new Uint8Array(createHash(form.digestAlgorithm).update(files.manifest).digest());
  // The signer's own check, here first: a .SF it would refuse (over 1 MiB: some 14,000 entries) is refused before it is sent.
  try {
    checkSignatureFile(files.signatureFile, form.digestAlgorithm, manifestDigest);
  } catch (cause) {
    if (isSignatureFileError(cause)) throw new ApkError('INVALID_ITEM', `the signer would refuse this APK's .SF (v1 below minSdk 19 sends it whole): ${cause.message}`, { cause });
    throw cause;
  }
  return { v1Sf: { digestAlgorithm: form.digestAlgorithm, manifestDigest, signatureFile: signatureFileChunks(files.signatureFile) }, v1Files };
}

/** The content digest algorithm the signing key needs. */
export function contentDigestAlgorithmFor(key: KeyType): 'sha256' | 'sha512' {
  return contentDigestAlgorithm(signatureAlgorithmFor(key));
}

/** The v2/v3 fields for a content digest. */
export function v2v3Fields(contentDigest: Uint8Array, manifestProof?: ManifestProof): RoundFields {
  return { v2v3: { contentDigest: new Uint8Array(contentDigest), v3MinSdk: V3_MIN_SDK, v3MaxSdk: V3_MAX_SDK }, ...(manifestProof === undefined ? {} : { manifestProof }) };
}

/**
 * The manifest proof of a planned v2/v3 round, when the choice wants it for what it costs. Checked
 * here as the signer will check it: a proof the signer would refuse is never sent (with `auto` the
 * item goes without one, shown as claims; with `always` preparing fails).
 */
export function manifestProofFor(file: RandomAccessFile, plan: ArchivePlan, chunks: readonly Uint8Array[], contentDigest: Uint8Array, info: ArtifactInfo, choice: ProofChoice): ManifestProof | undefined {
  if (choice === 'never' || info.artifact !== 'apk' || contentDigest.length !== 32) return undefined;
  const layout = proofLayout(file, plan);
  const raw = proofRawBytes(layout, plan);
  if (choice === 'always' && raw > MAX_PROOF_BYTES) throw new ApkError('TOO_LARGE', `the manifest proof would carry ${raw} bytes; a request takes at most ${MAX_PROOF_BYTES} per item`);
  if (!wantsProof(choice, raw)) return undefined;
  const proof = buildManifestProof(file, plan, chunks, layout);
  try {
    verifyManifestProof(proof, contentDigest, { name: info.name, versionCode: info.versionCode, versionName: info.versionName });
  } catch (cause) {
    if (choice === 'auto' && isProofError(cause)) return undefined;
    throw new ApkError('BAD_ANDROID_MANIFEST', `the manifest proof would be refused by the signer (${isProofError(cause) ? cause.code : 'error'}): ${(cause as Error).message}`, { cause });
  }
  return proof;
}

/** The v2/v3 fields, and with `inputHash` the input's SHA-256 fed in the same read of the file. */
function digestArchive(archive: ZipArchive, ctx: RoundContext, inputHash?: Hash): RoundFields {
  // The first round drops earlier signature files; after our own v1 round they stay.
  const plan = planArchive(archive, { dropSignatureFiles: ctx.round === 0, padForSigningBlock: true });
  const algorithm = contentDigestAlgorithmFor(ctx.key);
  const digest = planChunkedDigests(archive.file, plan, [algorithm], inputHash).get(algorithm)!;
  const contentDigest = digest.digest();
  const fields = v2v3Fields(contentDigest);
  // Proofs recompute SHA-256 content digests only (protocol/apk-proof).
  const proof = manifestProofFor(archive.file, plan, digest.chunks, contentDigest, ctx.info, ctx.manifestProof ?? DEFAULT_PROOF_CHOICE);
  return proof === undefined ? fields : { ...fields, manifestProof: proof };
}

interface RoundFields {
  readonly v1?: { readonly digestAlgorithm: 'sha256'; readonly sfDigest: Uint8Array };
  readonly v1Sf?: { readonly digestAlgorithm: 'sha1' | 'sha256'; readonly manifestDigest: Uint8Array; readonly signatureFile: Uint8Array[] };
  readonly v1Files?: { readonly manifest: string; readonly signatureFile: string };
  readonly v2v3?: { readonly contentDigest: Uint8Array; readonly v3MinSdk: number; readonly v3MaxSdk: number };
  readonly manifestProof?: ManifestProof;
}

/** The round's request item, in the fields of the artifact's kind. */
function roundItem(info: ArtifactInfo, sha256: Uint8Array, schemes: readonly Scheme[], fields: RoundFields): ItemFields {
  switch (info.artifact) {
    case 'apk':
      return {
        artifact: 'apk', name: info.name, versionCode: info.versionCode, versionName: info.versionName, sha256, schemes: [...schemes],
        ...(fields.v1 === undefined ? {} : { v1: fields.v1 }), ...(fields.v1Sf === undefined ? {} : { v1Sf: fields.v1Sf }),
        ...(fields.v2v3 === undefined ? {} : { v2v3: fields.v2v3 }),
        ...(fields.manifestProof === undefined ? {} : { manifestProof: fields.manifestProof }),
      };
    case 'jar':
      if (fields.v1 === undefined || fields.v2v3 !== undefined || schemes.join() !== 'v1') throw new ApkError('INVALID_ITEM', 'a JAR is signed with v1 only');
      return {
        artifact: 'jar', name: info.name, timestamp: info.versionCode, indexVersion: info.versionName, sha256, schemes: ['v1'], v1: fields.v1,
        ...(info.fdroidIndex === undefined ? {} : { fdroidIndex: info.fdroidIndex }),
      };
    default:
      return unknownKind(info.artifact);
  }
}

/** The item and state of a round, from what was computed over its input. */
export function finishRound(ctx: RoundContext, input: { readonly size: number; readonly sha256?: Uint8Array }, fields: RoundFields): PreparedRound {
  const sha256 = ctx.originalSha256 ?? input.sha256;
  if (sha256 === undefined) throw new ApkError('BAD_STATE', 'the first round needs the SHA-256 of the artifact');
  const item = roundItem(ctx.info, sha256, ctx.rounds[ctx.round]!, fields);
  checkItem(item);
  const state: RoundState = {
    v: 1, artifact: ctx.info.artifact, info: ctx.info, inputPath: ctx.path, inputSize: input.size,
    ...(input.sha256 === undefined ? {} : { inputSha256: toHex(input.sha256) }),
    certificate: Buffer.from(ctx.certificateDer).toString('base64'), rounds: ctx.rounds, round: ctx.round,
    ...(fields.v1Files === undefined ? {} : { v1Files: fields.v1Files }),
    ...(ctx.manifestProof === undefined ? {} : { manifestProof: ctx.manifestProof }),
  };
  return { item, state, info: ctx.info };
}

/** Prepares one round over the open archive at ctx.path (the submitted file, or the output of the round before). */
async function prepareOpenRound(archive: ZipArchive, ctx: RoundContext): Promise<PreparedRound> {
  const v1 = ctx.rounds[ctx.round]!.includes('v1');
  // A v1 round checks at assembly that its input is unchanged, by this hash; a v2/v3 round re-digests what it writes instead.
  if (v1) {
    const sha256 = new Uint8Array(fileSha256(archive.file));
    return finishRound(ctx, { size: archive.file.size, sha256 }, await v1Fields(archive, ctx));
  }
  // The first round's SHA-256 of the artifact is fed in the same read as its content digest.
  const inputHash = ctx.originalSha256 === undefined ? createHash('sha256') : undefined;
  const fields = digestArchive(archive, ctx, inputHash);
  return finishRound(ctx, { size: archive.file.size, ...(inputHash === undefined ? {} : { sha256: new Uint8Array(inputHash.digest()) }) }, fields);
}

/** Prepares a later round over the output of the round before. */
export async function prepareRound(ctx: RoundContext): Promise<PreparedRound> {
  const archive = openArchive(ctx.path);
  try {
    return await prepareOpenRound(archive, ctx);
  } finally {
    archive.file.close();
  }
}

/** Reads the artifact and prepares its first round. */
export async function prepareArtifact(path: string, options: PrepareOptions): Promise<PreparedRound> {
  const key = options.keyType !== undefined && options.certificateDer.length === 0 ? options.keyType : keyTypeOf(options.certificateDer);
  const archive = openArchive(path);
  try {
    if (archive.zip64) throw new ApkError('ZIP64_UNSUPPORTED', 'ZIP64 archives cannot be signed (apksigner refuses them too)');
    const info = readArtifactInfo(archive, path, { ...(options.artifact === undefined ? {} : { artifact: options.artifact }), ...(options.jarName === undefined ? {} : { jarName: options.jarName }) });
    const rounds = chooseRounds(info.artifact, info.minSdkVersion ?? 1, options.schemes, info.targetSdkVersion);
    checkV1Key(info.artifact, info.minSdkVersion, rounds, key);
    return await prepareOpenRound(archive, { path, info, rounds, round: 0, certificateDer: options.certificateDer, key, ...(options.manifestProof === undefined ? {} : { manifestProof: options.manifestProof }) });
  } finally {
    archive.file.close();
  }
}
