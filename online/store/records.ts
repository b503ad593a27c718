/**
 * What the spool keeps about each artifact and each signing session. A record's `state` is the
 * last event it reached; the pipeline's handler for that event takes it on from there.
 */
import type { ArtifactKind, UnkeyedItem } from '../../protocol/kinds/index.ts';
import type { ItemResult, ItemSignature, Scheme, SigningItem } from '../../protocol/messages/index.ts';

export const ARTIFACT_STATES = [
  'received',
  'prepared',
  'batched',
  'requested',
  'responded',
  'checked',
  'assembled',
  'verified',
  'ready',
  'failed',
] as const;
export type ArtifactState = (typeof ARTIFACT_STATES)[number];

export const SESSION_STATES = ['forming', 'open', 'answered', 'closed', 'failed'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** A reason a person can act on. `code` is stable for programs; `message` says what to do. */
export interface Failure {
  readonly code: string;
  readonly message: string;
}

export interface HistoryEntry {
  readonly state: string;
  /** Unix milliseconds. */
  readonly at: number;
  readonly round?: number;
  readonly note?: string;
}

/** Who handed the artifact in: a build machine's client certificate, or a local user. */
export interface Submitter {
  readonly name: string;
  /** SHA-256 of the client certificate, hex; absent for the command line. */
  readonly fingerprint?: string;
  readonly subject?: string;
}

/** What the engine read from the artifact; what the operator is shown. */
export interface ArtifactFacts {
  readonly kind: ArtifactKind;
  readonly name: string;
  readonly versionCode: number;
  readonly versionName: string;
  readonly minSdk?: number;
}

/** A request item as prepared for one round, without its key index (the session assigns that). */
export type PreparedItem = UnkeyedItem;

export interface ArtifactRecord {
  readonly id: string;
  state: ArtifactState;
  /** File name as submitted; the signed file gets the same name. */
  readonly fileName: string;
  readonly size: number;
  /** SHA-256 of the artifact as submitted, hex. */
  readonly sha256: string;
  /** SHA-256 of the pinned signing certificate, hex. */
  readonly key: string;
  /** Schemes the submitter forced; otherwise the engine chooses as apksigner would. */
  readonly schemes?: readonly Scheme[];
  /** Whether the APK's v2/v3 round carries a manifest proof: always, auto (the default) or never. */
  readonly manifestProof?: 'always' | 'auto' | 'never';
  readonly submitter: Submitter;
  readonly receivedAt: number;
  /**
   * The artifact's kind (protocol/kinds), which names the engine that serves it: set when the file
   * is first read (on submission through the server, else when it is prepared). Records written
   * before it was kept lack it; their facts say it.
   */
  kind?: ArtifactKind;
  facts?: ArtifactFacts;
  /** The schemes of each round, planned when first prepared (v1 first when v2/v3 follow). */
  rounds?: Scheme[][];
  /** Index of the current round in `rounds`. */
  round: number;
  /** The current round's request item and the engine's state needed to assemble it. */
  item?: PreparedItem;
  engineState?: unknown;
  /** The session of the current round. */
  session?: string;
  /** Every session this artifact was part of, in order. */
  sessions: string[];
  /** The next round, prepared by the engine when it assembled this one. */
  next?: { readonly item: PreparedItem; readonly engineState: unknown };
  /** The current round's signatures, once checked. */
  signatures?: ItemSignature[];
  /** SHA-256 of the file that passed verification in the current round, hex. */
  verifiedSha256?: string;
  /** Where the signed file was published, relative to the spool. */
  output?: string;
  failure?: Failure;
  history: HistoryEntry[];
}

export interface SessionMember {
  readonly artifactId: string;
  /** Index of the artifact's item in the request. */
  readonly index: number;
}

export interface SessionRecord {
  readonly id: string;
  state: SessionState;
  readonly createdAt: number;
  readonly requestId: Uint8Array;
  readonly issuedAt: number;
  /** Certificate SHA-256 fingerprints (hex) that items name by index. */
  readonly keys: readonly string[];
  readonly items: readonly SigningItem[];
  readonly members: readonly SessionMember[];
  /** SHA-256 of the request message, hex; the response must quote it. */
  requestDigest?: string;
  response?: {
    readonly digest: string;
    readonly receivedAt: number;
    readonly signedAt: number;
    /** The offline audit log after this batch. */
    readonly audit: { readonly seq: number; readonly head: string };
    readonly results: readonly ItemResult[];
  };
  failure?: Failure;
  history: HistoryEntry[];
}
