/**
 * What the operator page needs from wherever the sessions live: the open requests to show, and a
 * scanned response taken in (signatures checked, files assembled and verified) with the results.
 * `airsign show` works on a session directory (workspace-backend.ts); `airsign serve` on its spool
 * (server-backend.ts).
 */
import type { PinnedView, ProgressView, RequestView, ResponseOutcome } from '../pages/operator/view.ts';

export interface OperatorBackend {
  /** A name for the page's header. */
  readonly title: string;
  openRequests(): Promise<RequestView[]>;
  /** Takes a response (or error) message file in; refusals are typed errors with a `code`. */
  takeResponse(transfer: Uint8Array): Promise<ResponseOutcome>;
  /** The last answer's results and the failed count, from the spool (what a reloaded page shows). */
  history(): Promise<{ last?: ResponseOutcome; failed: number }>;
  /** Where each artifact of an answer being taken in is. */
  progress(): Promise<ProgressView>;
  /** Pins the certificate in a scanned certificate message (`export-cert`, or the signer page's). */
  pinCertificate(transfer: Uint8Array): Promise<PinnedView>;
}
