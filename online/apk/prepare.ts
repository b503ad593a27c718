/**
 * Prepare: read an APK or JAR, choose its schemes and rounds, and compute the few fields the
 * offline side needs to build what it signs: the .SF digest for a v1 round, the content digest
 * for a v2/v3 round. Returns the item fields, what the operator sees, and the state assembly needs.
 */
import { unknownKind } from '../../protocol/kinds/index.ts';
import type { AndroidKind } from './android-kind.ts';
import { toHex } from '../../protocol/bytes.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import type { AndroidScheme as Scheme } from '../../protocol/kinds/index.ts';
import { certificateKeyType, contentDigestAlgorithm, signatureAlgorithmFor } from '../../protocol/signing/index.ts';
import type { KeyType } from '../../protocol/signing/index.ts';
import { readArtifactInfo } from './artifact-info.ts';
import type { ArtifactInfo } from './artifact-info.ts';
import { ApkError } from './errors.ts';
import { fileSha256 } from './file-digest.ts';
import { apkSignedSchemeIds, chooseRounds, V3_MAX_SDK, V3_MIN_SDK } from './schemes.ts';
import type { Rounds } from './schemes.ts';
import { checkItem } from './state.ts';
import type { RoundState, ItemFields } from './state.ts';
import { buildV1Files } from './v1/signature-files.ts';
import { isV1Covered } from './v1/v1-files.ts';
import { planContentDigests } from './v2/plan-digest.ts';
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
}

const SHA256 = ['sha256'];

async function v1Fields(archive: ZipArchive, ctx: RoundContext): Promise<RoundFields> {
  const digests = new Map<string, Uint8Array>();
  for (const entry of archive.entriesByOffset) {
    if (!isV1Covered(entry.name)) continue;
    // Small entries synchronously (thousands of them: no promise each), large ones streamed.
    const digest = isSmallEntry(entry) ? digestSmallEntry(archive.file, entry, SHA256) : await digestEntry(archive.file, entry, SHA256);
    digests.set(entry.name, digest[0]!);
  }
  const files = buildV1Files(digests, ctx.info.artifact === 'apk' ? apkSignedSchemeIds(ctx.rounds) : []);
  return {
    v1: { digestAlgorithm: 'sha256', sfDigest: new Uint8Array(createHash('sha256').update(files.signatureFile).digest()) },
    v1Files: { manifest: files.manifest.toString('base64'), signatureFile: files.signatureFile.toString('base64') },
  };
}

/** The content digest algorithm the signing key needs. */
export function contentDigestAlgorithmFor(key: KeyType): 'sha256' | 'sha512' {
  return contentDigestAlgorithm(signatureAlgorithmFor(key));
}

/** The v2/v3 fields for a content digest. */
export function v2v3Fields(contentDigest: Uint8Array): RoundFields {
  return { v2v3: { contentDigest: new Uint8Array(contentDigest), v3MinSdk: V3_MIN_SDK, v3MaxSdk: V3_MAX_SDK } };
}

/** The v2/v3 fields, and with `inputHash` the input's SHA-256 fed in the same read of the file. */
function digestArchive(archive: ZipArchive, ctx: RoundContext, inputHash?: Hash): RoundFields {
  // The first round drops earlier signature files; after our own v1 round they stay.
  const plan = planArchive(archive, { dropSignatureFiles: ctx.round === 0, padForSigningBlock: true });
  const algorithm = contentDigestAlgorithmFor(ctx.key);
  return v2v3Fields(planContentDigests(archive.file, plan, [algorithm], inputHash).get(algorithm)!);
}

interface RoundFields {
  readonly v1?: { readonly digestAlgorithm: 'sha256'; readonly sfDigest: Uint8Array };
  readonly v1Files?: { readonly manifest: string; readonly signatureFile: string };
  readonly v2v3?: { readonly contentDigest: Uint8Array; readonly v3MinSdk: number; readonly v3MaxSdk: number };
}

/** The round's request item, in the fields of the artifact's kind. */
function roundItem(info: ArtifactInfo, sha256: Uint8Array, schemes: readonly Scheme[], fields: RoundFields): ItemFields {
  switch (info.artifact) {
    case 'apk':
      return {
        artifact: 'apk', name: info.name, versionCode: info.versionCode, versionName: info.versionName, sha256, schemes: [...schemes],
        ...(fields.v1 === undefined ? {} : { v1: fields.v1 }), ...(fields.v2v3 === undefined ? {} : { v2v3: fields.v2v3 }),
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
  const key = keyTypeOf(options.certificateDer);
  const archive = openArchive(path);
  try {
    if (archive.zip64) throw new ApkError('ZIP64_UNSUPPORTED', 'ZIP64 archives cannot be signed (apksigner refuses them too)');
    const info = readArtifactInfo(archive, path, { ...(options.artifact === undefined ? {} : { artifact: options.artifact }), ...(options.jarName === undefined ? {} : { jarName: options.jarName }) });
    const rounds = chooseRounds(info.artifact, info.minSdkVersion ?? 0, options.schemes);
    return await prepareOpenRound(archive, { path, info, rounds, round: 0, certificateDer: options.certificateDer, key });
  } finally {
    archive.file.close();
  }
}
