/**
 * The signer page's state on the server: one operator, one request at a time. The page hands in
 * the request it scanned; the desk reviews it, logs in with the PIN the operator typed, signs or
 * refuses on the operator's word, and keeps the answer to show until the operator closes it.
 * Everything the page may do goes through here, so the page can never sign what was not reviewed.
 */
import { toHex } from '../../protocol/bytes.ts';
import { messageToTransfer } from '../../protocol/messages/index.ts';
import type { ErrorMessage, Message } from '../../protocol/messages/index.ts';
import { SignerError, isSignerError } from '../errors.ts';
import { linkErrorCode } from '../link/link-error.ts';
import { readTransfer } from '../link/message-file.ts';
import type { OfflineSigner } from '../signing/offline-signer.ts';
import type { Review } from '../signing/review.ts';
import type { AnswerView, ReviewView, StateView } from '../pages/view.ts';
import { answerView, reviewView, tokenView } from './views.ts';

export interface DeskOptions {
  readonly signer: OfflineSigner;
  readonly policyPath: string;
  readonly density: string;
  readonly fps: number;
  /** One line per decision, for the operator's terminal; never a PIN. */
  readonly log: (line: string) => void;
}

export class SigningDesk {
  private review: Review | undefined;
  private answer: AnswerView | undefined;

  constructor(private readonly options: DeskOptions) {}

  state(): StateView {
    const { signer } = this.options;
    return {
      token: tokenView(signer.token.info.label, signer.isLoggedIn, signer.token.keys()),
      policy: this.options.policyPath,
      density: this.options.density,
      fps: this.options.fps,
      ...(this.review === undefined ? {} : { review: reviewView(this.review) }),
      ...(this.answer === undefined ? {} : { answer: this.answer }),
    };
  }

  /**
   * A scanned transfer. A request is reviewed; anything unreadable becomes an error answer the
   * operator may show, so the online side learns why (as `airsign-signer sign` writes one).
   */
  takeRequest(transfer: Uint8Array): { review: ReviewView } | { answer: AnswerView } {
    this.review = undefined;
    this.answer = undefined;
    let read;
    try {
      read = readTransfer(transfer, 'the scanned request');
      if (read.message.kind !== 'request') throw new SignerError('NOT_A_REQUEST', `the scanned message is a ${read.message.kind} message, not a signing request`);
    } catch (error) {
      if (!isSignerError(error) || (error.code !== 'BAD_REQUEST' && error.code !== 'NOT_A_REQUEST')) throw error;
      const message: ErrorMessage = { v: 1, kind: 'error', code: linkErrorCode(error), message: error.message.slice(0, 500), at: Math.floor(Date.now() / 1000) };
      this.answer = answerView(message, messageToTransfer(message));
      this.options.log(`a scanned request could not be read: ${message.code}`);
      return { answer: this.answer };
    }
    this.review = this.options.signer.review(read.message, { requestDigest: read.digest });
    const view = reviewView(this.review);
    this.options.log(`request ${view.requestShort}: ${view.totals.total} item(s), ${view.totals.toSign} allowed by the policy`);
    return { review: view };
  }

  /** Logs in; the PIN buffer is zeroed whatever happens. */
  login(pin: Buffer): void {
    try {
      if (!this.options.signer.isLoggedIn) this.options.signer.login(pin);
    } finally {
      pin.fill(0);
    }
  }

  /**
   * The operator's decision on the review the page showed (named by its request digest, so a
   * decision can never land on another request). Approve signs every item the policy allows;
   * refuse answers every item OPERATOR_REFUSED. Both are logged and answered.
   */
  decide(requestDigest: string, approve: boolean): AnswerView {
    const review = this.review;
    if (review === undefined || toHex(review.requestDigest) !== requestDigest) {
      throw new SignerError('USAGE', 'this decision is for a request that is no longer under review; scan it again');
    }
    const response = this.options.signer.sign(review, { approved: approve });
    this.review = undefined;
    this.answer = answerView(response as Message, messageToTransfer(response));
    this.options.log(`request ${reviewView(review).requestShort}: ${approve ? 'approved' : 'refused'} by the operator; ${this.answer.signed} signed, ${this.answer.refused} refused; audit log at seq ${response.audit.seq}`);
    return this.answer;
  }

  /** The operator closed the answer (or abandoned the review): ready for the next request. */
  close(): void {
    this.review = undefined;
    this.answer = undefined;
  }
}
