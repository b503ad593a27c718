/**
 * What the pipeline needs from the other parts of airsign, named here so the pipeline is written
 * against a small surface: one engine per kind of protocol/kinds, the message codec, and the shared
 * to-be-signed builder. `realParts()` (online/cli/parts.ts) binds them to their implementations.
 */
import type { ArtifactKind, UnkeyedItem } from '../../protocol/kinds/index.ts';
import type { ItemSignature, Message, Scheme, SigningRequest } from '../../protocol/messages/index.ts';
import type { ToBeSigned } from '../../protocol/signing/to-be-signed.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import type { ArtifactFacts, PinnedCertificate, PreparedItem } from '../store/index.ts';

/**
 * One round as the engine hands it to the pipeline: the request item (without its key index) and
 * what assembly needs. (online/apk's PreparedRound is the engine's own, richer form.)
 */
export interface EngineRound {
  readonly item: PreparedItem;
  /** Plain JSON-able state the engine needs to assemble this round; kept in the spool. */
  readonly state: unknown;
}

/** The engine of one kind: reads, prepares, assembles and verifies the artifacts of that kind. */
export interface ArtifactEngine {
  /** How many artifact steps the pipeline may run at once with this engine (1 when absent). */
  readonly concurrency?: number;
  /** Reads what the operator will be shown; throws a typed error for a file it cannot sign. */
  inspect(file: string, fileName: string): Promise<ArtifactFacts>;
  /**
   * Reads the artifact, plans its rounds (v1 in a round of its own before v2/v3; the schemes
   * apksigner would choose unless `schemes` forces them) and prepares the first round.
   */
  prepare(file: string, fileName: string, cert: PinnedCertificate, schemes: readonly Scheme[] | undefined, manifestProof?: 'always' | 'auto' | 'never', newKeyType?: KeyType): Promise<EngineRound & { facts: ArtifactFacts; rounds: Scheme[][] }>;
  /**
   * Writes the round's signed file to `out` (atomically: whole or not at all) and, when another
   * round follows, prepares it over that file. `item` is the round's item as the record keeps it
   * (the engine's state holds no copy).
   */
  assemble(state: unknown, item: PreparedItem, cert: PinnedCertificate, signatures: readonly ItemSignature[], out: string): Promise<{ next?: EngineRound }>;
  /**
   * Verifies a round's output with our verifier and, for the last round, the outside tools that
   * are installed (apksigner, jarsigner); throws a typed error with the reason. `schemes` are all
   * schemes signed so far; `input` the file as submitted (a detached signature is checked over it).
   */
  verify(file: string, facts: ArtifactFacts, cert: PinnedCertificate, schemes: readonly Scheme[], final: boolean, input?: string): Promise<void>;
  /** The name the signed file is published under, from the name submitted; by default signedFileName's. */
  readonly signedName?: (fileName: string) => string;
}

export interface MessageCodec {
  /** The request as a message file (transfer bytes) and its digest (what the response quotes). */
  requestFile(request: SigningRequest): { file: Uint8Array; digest: Uint8Array };
  /** Decodes a message file; throws a typed error for anything that is not one. */
  readMessageFile(file: Uint8Array): Message;
}

/** One engine per kind: a kind added to protocol/kinds and not here fails to compile. */
export type ArtifactEngines = { readonly [K in ArtifactKind]: ArtifactEngine };

export interface PipelineParts {
  readonly engines: ArtifactEngines;
  /** Which kind a submitted file is, so its engine can read it; throws a typed error for a file of no kind. */
  readonly identify: (file: string, fileName: string) => Promise<ArtifactKind>;
  readonly codec: MessageCodec;
  /** protocol/signing: the exact bytes each scheme's signature covers. */
  readonly toBeSigned: (item: UnkeyedItem, certDer: Uint8Array) => readonly ToBeSigned[];
}
