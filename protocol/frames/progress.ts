/** What the frame decoder reports after every frame. */
import type { ProtocolErrorCode } from '../errors.ts';

export interface FrameProgress {
  /** Every frame pushed, good or bad. */
  readonly framesSeen: number;
  /** Frames that added a new symbol. */
  readonly framesAccepted: number;
  readonly framesRejected: number;
  readonly duplicates: number;
  /** The session locked on, if any. */
  readonly sessionId: number | undefined;
  /** K, once a session is locked on. */
  readonly sourceSymbols: number | undefined;
  /** Distinct symbols held for the current attempt. */
  readonly packets: number;
  /** Distinct frames still needed, as far as can be told (RaptorQ usually needs exactly K). */
  readonly framesNeeded: number | undefined;
  /** 0..1; 1 only once the transfer is decoded and verified. */
  readonly fraction: number;
  readonly complete: boolean;
  /** Times the session started over (a digest mismatch: poisoned frames). */
  readonly restarts: number;
  /** Times the decoder abandoned a stale session for a new one. */
  readonly switches: number;
}

/**
 * The outcome of one frame:
 * - accepted: a new symbol of the session;
 * - duplicate: a symbol already held (the same frame again);
 * - complete: the transfer is decoded and verified (this frame finished it, or it already was);
 * - switched: this frame began a new session, replacing one that had gone stale;
 * - rejected: the frame was refused (code says why) and changed nothing;
 * - restarted: the session decoded to the wrong digest, or would not decode, and starts over.
 */
export type PushResult =
  | { readonly status: 'accepted' | 'duplicate' | 'complete' | 'switched'; readonly progress: FrameProgress }
  | { readonly status: 'rejected' | 'restarted'; readonly code: ProtocolErrorCode; readonly reason: string; readonly progress: FrameProgress };

export type PushStatus = PushResult['status'];
