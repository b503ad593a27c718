/**
 * What the pipeline needs from the other parts of airsign, named here so the pipeline is written
 * against a small surface: the APK/JAR engine, the message codec, and the shared to-be-signed
 * builder. `realParts()` (real-parts.ts) binds them to their implementations.
 */
import type { ItemSignature, Message, Scheme, SigningItem, SigningRequest } from '../../protocol/messages/index.ts';
import type { ToBeSigned } from '../../protocol/signing/to-be-signed.ts';
import type { ArtifactFacts, PinnedCertificate } from '../store/index.ts';

/** The v1 and v2/v3 fields of a request item, as the engine prepared them for one round. */
export type PreparedFields = Pick<SigningItem, 'v1' | 'v2v3'>;

export interface ArtifactEngine {
  /** Reads what the operator will be shown; throws a typed error for a file it cannot sign. */
  inspect(file: string, fileName: string): Promise<ArtifactFacts>;
  /** The schemes apksigner would choose for this artifact (v1 only below minSdk 24; JARs v1). */
  defaultSchemes(facts: ArtifactFacts): Scheme[];
  /** Prepares one round: the item's signing fields, and the state needed to assemble it later (kept on disk). */
  prepare(file: string, facts: ArtifactFacts, cert: PinnedCertificate, schemes: readonly Scheme[]): Promise<{ fields: PreparedFields; state: unknown }>;
  /** Writes the file signed with this round's signatures to `out`. */
  assemble(file: string, facts: ArtifactFacts, state: unknown, cert: PinnedCertificate, signatures: readonly ItemSignature[], out: string): Promise<void>;
  /**
   * Verifies a round's output with our verifier and the outside tools present (apksigner,
   * jarsigner); throws a typed error with the reason. `schemes` are all schemes signed so far.
   */
  verify(file: string, facts: ArtifactFacts, cert: PinnedCertificate, schemes: readonly Scheme[], final: boolean): Promise<void>;
}

export interface MessageCodec {
  /** The request as a message file (transfer bytes) and its digest (what the response quotes). */
  requestFile(request: SigningRequest): { file: Uint8Array; digest: Uint8Array };
  /** Decodes a message file; throws a typed error for anything that is not one. */
  readMessageFile(file: Uint8Array): Message;
}

export interface PipelineParts {
  readonly engine: ArtifactEngine;
  readonly codec: MessageCodec;
  /** protocol/signing: the exact bytes each scheme's signature covers. */
  readonly toBeSigned: (item: SigningItem, certDer: Uint8Array) => readonly ToBeSigned[];
}
