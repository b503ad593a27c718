/**
 * What the engine remembers between preparing a round and assembling it: plain JSON (bytes as hex
 * or base64), so the pipeline can keep it in its durable spool across restarts. It names the file
 * the round reads and that file's SHA-256, so assembly refuses a file that changed in between.
 */
import { z } from 'zod';
import { fromHex, toHex } from '../../protocol/bytes.ts';
import { SigningItem } from '../../protocol/messages/index.ts';
import type { Scheme } from '../../protocol/messages/index.ts';
import type { FdroidIndexClaim, UnkeyedItem } from '../../protocol/kinds/index.ts';
import type { AndroidKind } from './android-kind.ts';
import type { ArtifactInfo } from './artifact-info.ts';
import { ApkError } from './errors.ts';

/** A signing item of an Android kind without its key index (the request assigns that). */
export type ItemFields = Extract<UnkeyedItem, { readonly artifact: AndroidKind }>;

export interface RoundState {
  readonly v: 1;
  readonly artifact: AndroidKind;
  /** What the operator was shown about the artifact. */
  readonly info: ArtifactInfo;
  /** The file this round reads, its size, and (v1 rounds, which check it) its SHA-256 in hex. */
  readonly inputPath: string;
  readonly inputSize: number;
  readonly inputSha256?: string;
  /** The signer's certificate, DER in base64. */
  readonly certificate: string;
  /** Every round's schemes, and the index of this one. */
  readonly rounds: readonly (readonly Scheme[])[];
  readonly round: number;
  /** This round's item, bytes in hex. */
  readonly item: ItemFieldsJson;
  /** v1 round: the MANIFEST.MF and .SF files, base64. */
  readonly v1Files?: { readonly manifest: string; readonly signatureFile: string };
}

/** A round's item as plain JSON: bytes in hex, the other fields as the item's kind has them. */
export interface ItemFieldsJson {
  readonly artifact: AndroidKind;
  readonly name: string;
  /** APK items. */
  readonly versionCode?: number;
  readonly versionName?: string;
  /** JAR items. */
  readonly timestamp?: number;
  readonly indexVersion?: string;
  /** JAR items: what the index claims about its repository (index-v2 SHA-256 in hex). */
  readonly fdroidIndex?: { readonly repoName?: string; readonly apps?: number; readonly packages?: number; readonly indexV2Sha256?: string };
  readonly sha256: string;
  readonly schemes: readonly Scheme[];
  readonly v1?: { readonly digestAlgorithm: 'sha1' | 'sha256'; readonly sfDigest: string };
  readonly v2v3?: { readonly contentDigest: string; readonly v3MinSdk: number; readonly v3MaxSdk: number };
}

function claimToJson(claim: FdroidIndexClaim): NonNullable<ItemFieldsJson['fdroidIndex']> {
  const { indexV2Sha256, ...plain } = claim;
  return { ...plain, ...(indexV2Sha256 === undefined ? {} : { indexV2Sha256: toHex(indexV2Sha256) }) };
}

export function itemToJson(item: ItemFields): ItemFieldsJson {
  const { sha256, v1, ...rest } = item;
  const v2v3 = 'v2v3' in item ? item.v2v3 : undefined;
  const { v2v3: _bytes, fdroidIndex: claim, ...plain } = rest as typeof rest & { v2v3?: unknown; fdroidIndex?: FdroidIndexClaim };
  return {
    ...plain, sha256: toHex(sha256), schemes: [...item.schemes],
    ...(claim === undefined ? {} : { fdroidIndex: claimToJson(claim) }),
    ...(v1 === undefined ? {} : { v1: { digestAlgorithm: v1.digestAlgorithm, sfDigest: toHex(v1.sfDigest) } }),
    ...(v2v3 === undefined ? {} : { v2v3: { contentDigest: toHex(v2v3.contentDigest), v3MinSdk: v2v3.v3MinSdk, v3MaxSdk: v2v3.v3MaxSdk } }),
  };
}

/** The item of a state, checked against the request schema (a state read back from disk is input too). */
export function itemFromJson(json: ItemFieldsJson): ItemFields {
  try {
    const { sha256, v1, v2v3, fdroidIndex: claim, ...plain } = json;
    const item = {
      key: 0, ...plain, sha256: fromHex(sha256), schemes: [...json.schemes],
      ...(claim === undefined ? {} : { fdroidIndex: { ...claim, ...(claim.indexV2Sha256 === undefined ? {} : { indexV2Sha256: fromHex(claim.indexV2Sha256) }) } }),
      ...(v1 === undefined ? {} : { v1: { digestAlgorithm: v1.digestAlgorithm, sfDigest: fromHex(v1.sfDigest) } }),
      ...(v2v3 === undefined ? {} : { v2v3: { ...v2v3, contentDigest: fromHex(v2v3.contentDigest) } }),
    };
    const { key: _key, ...fields } = SigningItem.parse(item);
    return fields;
  } catch (cause) {
    throw new ApkError('BAD_STATE', `the saved state holds an invalid item: ${(cause as Error).message}`, { cause });
  }
}

const scheme = z.enum(['v1', 'v2', 'v3']);
const kind = z.enum(['apk', 'jar']);
const count = z.number().int().min(0);
const StateShape = z.object({
  v: z.literal(1),
  artifact: kind,
  info: z.object({
    artifact: kind, name: z.string(), versionCode: count, versionName: z.string(),
    minSdkVersion: count.optional(), targetSdkVersion: count.optional(), entries: count,
  }),
  inputPath: z.string().min(1),
  inputSize: count,
  inputSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  certificate: z.string().regex(/^[A-Za-z0-9+/]+=*$/),
  rounds: z.array(z.array(scheme).min(1).max(3)).min(1).max(3),
  round: count,
  // The item's own fields are checked by itemFromJson, against the request schema.
  item: z.record(z.string(), z.unknown()),
  v1Files: z.object({ manifest: z.string(), signatureFile: z.string() }).optional(),
});

/**
 * A round's state as the pipeline hands it back (read from the spool: input like any other), checked
 * before the engine relies on it: its shape, the round within its rounds, and its item against the
 * request schema. A state that fails is a typed BAD_STATE, never a crash deep in assembly.
 */
export function parseRoundState(value: unknown): RoundState {
  const result = StateShape.safeParse(value);
  if (!result.success) {
    const where = result.error.issues.map((i) => i.path.join('.') || '(the state)').join(', ');
    throw new ApkError('BAD_STATE', `the saved round state is not valid (${where})`, { cause: result.error });
  }
  const state = result.data as unknown as RoundState;
  if (state.round >= state.rounds.length) throw new ApkError('BAD_STATE', `the saved round state names round ${state.round + 1} of ${state.rounds.length}`);
  itemFromJson(state.item);
  return state;
}

/** Checks the fields fit the request schema (lengths, printable text, name forms) before they are offered for signing. */
export function checkItem(fields: ItemFields): void {
  const result = SigningItem.safeParse({ key: 0, ...fields });
  if (!result.success) {
    const where = result.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new ApkError('INVALID_ITEM', `the artifact's details do not fit a signing request (${where})`, { cause: result.error });
  }
}
