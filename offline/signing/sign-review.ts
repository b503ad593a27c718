/**
 * Signs what a review allowed and the operator approved, then makes it durable in this order:
 * every signature and refusal is appended to the audit log as it happens, the log is synced, the
 * policy state is saved, and only then is the response returned for writing. A token that goes
 * away mid-batch ends the batch: what was signed stays logged, the rest is refused TOKEN_ERROR.
 */
import { fromHex, toHex } from '../../protocol/bytes.ts';
import { SigningResponse } from '../../protocol/messages/index.ts';
import type { ItemResult, ItemSignature, RefusalReason } from '../../protocol/messages/index.ts';
import type { AuditLog } from '../audit/log.ts';
import { SignerError, isSignerError } from '../errors.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import { checkRollback } from '../policy/evaluate.ts';
import type { Policy } from '../policy/schema.ts';
import type { PolicyState } from '../policy/state.ts';
import type { Review } from './review.ts';
import { signItem, tokenPresent } from './sign-item.ts';

export interface SignContext {
  readonly token: TokenConnection;
  readonly audit: AuditLog;
  readonly policy: Policy;
  readonly state: PolicyState;
  /** Where `state` is saved. */
  readonly statePath: string;
}

export interface SignOptions {
  /** true: every allowed item; false: none (the operator refused); a set: those indices only. */
  readonly approved: boolean | ReadonlySet<number>;
  /** Called after each item is signed or refused (progress; the page shows it). */
  readonly onItem?: (result: ItemResult) => void;
  readonly now?: Date;
}

type Outcome = { signatures: ItemSignature[] } | { reason: RefusalReason; detail: string };

function isApproved(approved: SignOptions['approved'], index: number): boolean {
  return typeof approved === 'boolean' ? approved : approved.has(index);
}

/** Private keys are visible only once logged in: map fingerprints to them now. */
function privateKeys(token: TokenConnection): Map<string, TokenKey> {
  const map = new Map<string, TokenKey>();
  for (const key of token.keys()) {
    if (key.fingerprint !== undefined && key.privateKey !== undefined) map.set(toHex(key.fingerprint), key);
  }
  return map;
}

export function signReview(ctx: SignContext, review: Review, options: SignOptions): SigningResponse {
  const willSign = review.items.some((r) => r.verdict.allowed && isApproved(options.approved, r.index));
  if (willSign && !ctx.token.isLoggedIn) throw new SignerError('PIN_MISSING', 'log in to the token before signing');
  const now = options.now ?? new Date();
  const requestHex = toHex(review.requestDigest);
  const keys = willSign ? privateKeys(ctx.token) : new Map<string, TokenKey>();
  const floors = ctx.state.clone();
  // Checked again here, not only at review: one review must never be signed twice.
  const replayed = !review.resign && ctx.state.isSigned(requestHex);
  let tokenGone: string | undefined;
  const results: ItemResult[] = [];

  for (const r of review.items) {
    let outcome: Outcome;
    const key = r.fingerprint === undefined ? undefined : keys.get(r.fingerprint);
    if (!r.verdict.allowed) outcome = { reason: r.verdict.reason, detail: r.verdict.detail };
    else if (replayed) outcome = { reason: 'POLICY_ALREADY_SIGNED', detail: 'this request was signed before' };
    else if (!isApproved(options.approved, r.index)) outcome = { reason: 'OPERATOR_REFUSED', detail: 'the operator did not approve this item' };
    else if (tokenGone !== undefined) outcome = { reason: 'TOKEN_ERROR', detail: tokenGone };
    else if (key === undefined) outcome = { reason: 'UNKNOWN_KEY', detail: `no private key for certificate sha256:${r.fingerprint!.slice(0, 16)}… on the token` };
    else {
      const rollback = checkRollback(ctx.policy, floors, r.fingerprint!, r.item);
      if (!rollback.allowed) outcome = { reason: rollback.reason, detail: rollback.detail };
      else {
        try {
          outcome = { signatures: signItem(ctx, r, key, requestHex, now) };
        } catch (error) {
          if (!isSignerError(error)) throw error;
          if (error.code !== 'MECHANISM_UNSUPPORTED' && !tokenPresent(ctx.token, error)) tokenGone = `the token went away mid-batch (${error.message})`;
          const reason: RefusalReason = error.code === 'MECHANISM_UNSUPPORTED' ? 'UNSUPPORTED_ALGORITHM' : 'TOKEN_ERROR';
          outcome = { reason, detail: error.message };
        }
      }
    }
    const result: ItemResult =
      'signatures' in outcome
        ? { index: r.index, status: 'signed', signatures: outcome.signatures }
        : { index: r.index, status: 'refused', reason: outcome.reason, detail: printable(outcome.detail) };
    if (result.status === 'refused') {
      ctx.audit.append({ event: 'refused', request: requestHex, item: r.index, key: r.fingerprint ?? null, reason: result.reason, detail: result.detail }, now);
    }
    results.push(result);
    options.onItem?.(result);
  }

  // Durable before anything leaves: the log first, then the policy state.
  const head = ctx.audit.sync();
  const signed = results.filter((x) => x.status === 'signed');
  if (signed.length > 0) {
    for (const x of signed) {
      const r = review.items[x.index]!;
      ctx.state.recordVersion(r.fingerprint!, `${r.item.artifact}:${r.item.name}`, r.item.versionCode, toHex(r.item.sha256));
    }
    ctx.state.markSigned(requestHex, Math.floor(now.getTime() / 1000));
    ctx.state.save(ctx.statePath);
  }
  return SigningResponse.parse({
    v: 1,
    kind: 'response',
    requestDigest: review.requestDigest,
    signedAt: Math.floor(now.getTime() / 1000),
    results,
    audit: { seq: head.seq, head: fromHex(head.head) },
  });
}

/** Refusal details may quote token labels; keep them to what a response's text field allows. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control and bidi characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '?').slice(0, 300);
}
