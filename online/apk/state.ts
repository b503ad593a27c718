/**
 * What the engine remembers between preparing a round and assembling it: plain JSON (bytes as hex
 * or base64), so the pipeline can keep it in its durable spool across restarts. It names the file
 * the round reads and that file's SHA-256, so assembly refuses a file that changed in between.
 */
import { z } from 'zod';
import { SigningItem } from '../../protocol/messages/index.ts';
import type { AndroidScheme as Scheme } from '../../protocol/kinds/index.ts';
import type { UnkeyedItem } from '../../protocol/kinds/index.ts';
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
  /** The signer's certificate, DER in base64; empty for a round prepared for a key the signer is to make (assembly takes the certificate it returned). */
  readonly certificate: string;
  /** Every round's schemes, and the index of this one. */
  readonly rounds: readonly (readonly Scheme[])[];
  readonly round: number;
  /** v1 round: the MANIFEST.MF and .SF files, base64. */
  readonly v1Files?: { readonly manifest: string; readonly signatureFile: string };
  /** Whether the APK's v2/v3 round carries a manifest proof (online/apk/proof), as asked at the first round. */
  readonly manifestProof?: 'always' | 'auto' | 'never';
}

/**
 * This round's item, as the pipeline keeps it on the artifact's record, checked again before
 * assembly relies on it (the spool is input too): its fields against the request schema, its kind
 * and schemes against the state's. The state does not keep a copy of its own.
 */
export function checkRoundItem(state: RoundState, item: ItemFields): ItemFields {
  const result = SigningItem.safeParse({ key: 0, ...item });
  if (!result.success) throw new ApkError('BAD_STATE', `the round's item is not valid: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`, { cause: result.error });
  const { key: _key, ...fields } = result.data;
  if (fields.artifact !== state.artifact) throw new ApkError('BAD_STATE', `the round's item is ${fields.artifact}, its state ${state.artifact}`);
  if (fields.schemes.join('+') !== state.rounds[state.round]!.join('+')) throw new ApkError('BAD_STATE', `the round's item asks for ${fields.schemes.join('+')}, its state for ${state.rounds[state.round]!.join('+')}`);
  return fields as ItemFields;
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
  certificate: z.string().regex(/^(?:[A-Za-z0-9+/]+=*)?$/),
  rounds: z.array(z.array(scheme).min(1).max(3)).min(1).max(3),
  round: count,
  // States written before the item lived only on the record carry a copy; it is not read.
  item: z.unknown().optional(),
  v1Files: z.object({ manifest: z.string(), signatureFile: z.string() }).optional(),
  manifestProof: z.enum(['always', 'auto', 'never']).optional(),
});

/**
 * A round's state as the pipeline hands it back (read from the spool: input like any other), checked
 * before the engine relies on it: its shape and the round within its rounds (the item is checked
 * by checkRoundItem). A state that fails is a typed BAD_STATE, never a crash deep in assembly.
 */
export function parseRoundState(value: unknown): RoundState {
  const result = StateShape.safeParse(value);
  if (!result.success) {
    const where = result.error.issues.map((i) => i.path.join('.') || '(the state)').join(', ');
    throw new ApkError('BAD_STATE', `the saved round state is not valid (${where})`, { cause: result.error });
  }
  const state = result.data as unknown as RoundState;
  if (state.round >= state.rounds.length) throw new ApkError('BAD_STATE', `the saved round state names round ${state.round + 1} of ${state.rounds.length}`);
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
