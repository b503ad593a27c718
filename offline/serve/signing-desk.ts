/**
 * The signer page's state on the server: one operator, one request at a time. The page hands in
 * the request it scanned; the desk reviews it, logs in with the PIN the operator typed, signs or
 * refuses on the operator's word, and keeps the answer to show until the operator closes it.
 * Everything the page may do goes through here, so the page can never sign what was not reviewed.
 *
 * Signing is on purpose only: an approval names the number of items it signs (the operator types
 * it), the token is logged out after every batch and after an idle time, so each decision to sign
 * takes the PIN again. The last answers are kept, so a request scanned again after its answer was
 * shown gets that answer again rather than a refusal: from memory for the last few (refusals and
 * all), else from the answers the signer stores durably for every request it signed, so the offer
 * survives a restart of `serve` (as `sign` re-sends a stored answer).
 */
import { toHex } from '../../protocol/bytes.ts';
import { messageToTransfer } from '../../protocol/messages/index.ts';
import type { ErrorMessage, Message } from '../../protocol/messages/index.ts';
import { SignerError, isSignerError } from '../errors.ts';
import { linkErrorCode } from '../link/link-error.ts';
import { shortDigest } from '../operator/review-text.ts';
import { readTransfer } from '../link/message-file.ts';
import { requestName } from '../vouch/request-name.ts';
import type { OfflineSigner } from '../signing/offline-signer.ts';
import type { Review } from '../signing/review.ts';
import type { AgainView, AnswerView, CertificateView, StateView, TakenView } from '../pages/view.ts';
import { answerView, reviewView, tokenView } from './views.ts';
import { certificateMessage } from '../ceremony/certificate-message.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';

/** Logged out this long after the PIN was given if no decision followed. */
export const DEFAULT_IDLE_LOGOUT_MS = 120_000;
/** Answers kept to show again, newest last. */
const KEPT_ANSWERS = 16;

export interface DeskOptions {
  readonly signer: OfflineSigner;
  readonly policyPath: string;
  readonly density: string;
  /** QR codes in each picture of the answer (--codes). */
  readonly codes: number;
  readonly fps: number;
  readonly idleLogoutMs?: number;
  /** One line per decision, for the operator's terminal; never a PIN. */
  readonly log: (line: string) => void;
}

/** What the operator decided: sign, naming how many items (as typed), or refuse the whole request. */
export type Decision = { readonly approve: true; readonly confirm: number } | { readonly approve: false };

interface Kept {
  readonly requestShort: string;
  readonly answer: AnswerView;
}

export class SigningDesk {
  private review: Review | undefined;
  private answer: AnswerView | undefined;
  private again: AgainView | undefined;
  private readonly kept = new Map<string, Kept>();
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: DeskOptions) {}

  state(): StateView {
    const { signer } = this.options;
    return {
      token: tokenView(signer.token.info.label, signer.isLoggedIn, signer.token.keys()),
      policy: this.options.policyPath,
      density: this.options.density,
      codes: this.options.codes,
      fps: this.options.fps,
      certificates: this.certificates(),
      ...(this.review === undefined ? {} : { review: reviewView(this.review, signer.state) }),
      ...(this.answer === undefined ? {} : { answer: this.answer }),
      ...(this.again === undefined ? {} : { again: this.again }),
    };
  }

  private certificates(): CertificateView[] {
    return this.options.signer.token
      .keys()
      .filter((k) => k.certificate !== undefined && k.fingerprint !== undefined)
      .map((k) => ({ label: k.label, fingerprint: toHex(k.fingerprint!) }));
  }

  /**
   * A scanned transfer. A request is reviewed, or, if its answer was shown before, offered again;
   * anything unreadable becomes an error answer the operator may show, so the online side learns
   * why (as `airsign-signer sign` writes one).
   */
  takeRequest(transfer: Uint8Array): TakenView {
    this.close();
    let read;
    try {
      read = readTransfer(transfer, 'the scanned request');
      if (read.message.kind !== 'request') throw new SignerError('NOT_A_REQUEST', `the scanned message is a ${read.message.kind} message, not a signing request`);
    } catch (error) {
      if (!isSignerError(error) || (error.code !== 'BAD_REQUEST' && error.code !== 'NOT_A_REQUEST')) throw error;
      const message: ErrorMessage = { v: PROTOCOL_VERSION, kind: 'error', code: linkErrorCode(error), message: error.message.slice(0, 500), at: Math.floor(Date.now() / 1000) };
      this.answer = answerView(message, messageToTransfer(message));
      this.options.log(`a scanned request could not be read: ${message.code}`);
      return { answer: this.answer };
    }
    const named = requestName(read.message, read.digest);
    const digest = toHex(named);
    const kept = this.keptAnswer(named);
    if (kept !== undefined) {
      this.again = { requestDigest: digest, requestShort: kept.requestShort, signed: kept.answer.signed, refused: kept.answer.refused };
      this.options.log(`request ${kept.requestShort} scanned again: its answer is offered again`);
      return { again: this.again };
    }
    this.review = this.options.signer.review(read.message, { requestDigest: named });
    const view = reviewView(this.review, this.options.signer.state);
    this.options.log(`request ${view.requestShort}: ${view.totals.total} item(s), ${view.totals.toSign} allowed by the policy`);
    return { review: view };
  }

  /**
   * The answer kept for a request: one shown since `serve` started, else the one the signer stored
   * when it signed the request (kept in memory from then on, so showing it reads the same bytes).
   */
  private keptAnswer(requestDigest: Uint8Array): Kept | undefined {
    const digest = toHex(requestDigest);
    const kept = this.kept.get(digest);
    if (kept !== undefined) return kept;
    const stored = this.options.signer.storedAnswer(requestDigest);
    if (stored === undefined) return undefined;
    const requestShort = shortDigest(requestDigest);
    this.keep(digest, requestShort, answerView(stored, messageToTransfer(stored)));
    return this.kept.get(digest);
  }

  /** The answer of a request scanned again, shown as it was. */
  showAgain(requestDigest: string): AnswerView {
    const kept = this.kept.get(requestDigest);
    if (kept === undefined || this.again?.requestDigest !== requestDigest) throw new SignerError('USAGE', 'no kept answer for that request; scan it again');
    this.again = undefined;
    this.answer = kept.answer;
    return kept.answer;
  }

  /** Logs in for the decision at hand; the PIN buffer is zeroed whatever happens. Logged out again when idle. */
  login(pin: Buffer): void {
    try {
      if (!this.options.signer.isLoggedIn) this.options.signer.login(pin);
    } finally {
      pin.fill(0);
    }
    this.stopIdle();
    this.idle = setTimeout(() => {
      this.idle = undefined;
      this.logout('idle');
    }, this.options.idleLogoutMs ?? DEFAULT_IDLE_LOGOUT_MS);
    this.idle.unref();
  }

  private stopIdle(): void {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = undefined;
  }

  private logout(why: string): void {
    this.stopIdle();
    if (!this.options.signer.isLoggedIn) return;
    this.options.signer.logout();
    this.options.log(`token logged out (${why})`);
  }

  /**
   * The operator's decision on the review the page showed (named by its request digest, so a
   * decision can never land on another request). Approve signs every item the policy allows and
   * must name how many; refuse answers every item OPERATOR_REFUSED. Both are logged and answered.
   */
  decide(requestDigest: string, decision: Decision): AnswerView {
    const review = this.review;
    if (review === undefined || toHex(review.requestDigest) !== requestDigest) {
      throw new SignerError('USAGE', 'this decision is for a request that is no longer under review; scan it again');
    }
    const view = reviewView(review, this.options.signer.state);
    if (decision.approve && decision.confirm !== view.totals.toSign) {
      throw new SignerError('USAGE', `the approval names ${decision.confirm} item(s); this review signs ${view.totals.toSign}`);
    }
    try {
      const response = decision.approve ? this.options.signer.sign(review, { approved: true }) : this.options.signer.sign(refusedByOperator(review), { approved: false });
      this.review = undefined;
      this.answer = answerView(response as Message, messageToTransfer(response));
      this.keep(requestDigest, view.requestShort, this.answer);
      this.options.log(`request ${view.requestShort}: ${decision.approve ? 'approved' : 'refused'} by the operator; ${this.answer.signed} signed, ${this.answer.refused} refused; audit log at seq ${response.audit.seq}`);
      return this.answer;
    } finally {
      if (decision.approve) this.logout('after the batch');
    }
  }

  private keep(digest: string, requestShort: string, answer: AnswerView): void {
    this.kept.delete(digest);
    this.kept.set(digest, { requestShort, answer });
    while (this.kept.size > KEPT_ANSWERS) this.kept.delete(this.kept.keys().next().value!);
  }

  /** A key's certificate message (as `export-cert` writes it), shown for the online side to pin. */
  showCertificate(fingerprint: string): AnswerView {
    const { token } = this.options.signer;
    const key = token.keys().find((k) => k.fingerprint !== undefined && k.certificate !== undefined && toHex(k.fingerprint) === fingerprint);
    if (key === undefined) throw new SignerError('KEY_NOT_FOUND', 'no key on the token has that certificate');
    const message = certificateMessage(token, key);
    this.close();
    this.answer = { kind: 'certificate', transfer: Buffer.from(messageToTransfer(message)).toString('base64'), signed: 0, refused: 0, certificate: { label: key.label, fingerprint } };
    this.options.log(`showing the certificate of "${key.label}", sha256:${fingerprint}`);
    return this.answer;
  }

  /** The operator closed the answer (or abandoned the review): ready for the next request. */
  close(): void {
    this.review = undefined;
    this.answer = undefined;
    this.again = undefined;
  }

  /** The server stops: no token session outlives it. */
  shutdown(): void {
    this.logout('the page server stopped');
  }
}

/** The operator refused the whole request: every item answers OPERATOR_REFUSED, whatever the policy said. */
function refusedByOperator(review: Review): Review {
  return {
    ...review,
    items: review.items.map((r) => ({
      ...r,
      verdict: { allowed: false, reason: 'OPERATOR_REFUSED', detail: r.verdict.allowed ? 'the operator refused the request' : `the operator refused the request (the policy had refused it: ${r.verdict.reason})` },
      toBeSigned: [],
    })),
  };
}
