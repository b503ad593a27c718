/**
 * Signs what a review allowed and the operator approved, then makes it durable in this order:
 * each signed item goes to the request's in-progress journal and then to the audit log as it
 * happens (refusals to the log), the journal and the log are synced, the response is stored in
 * the state directory, the policy state is saved, the journal removed, and only then is the
 * response returned for writing. A token that goes away mid-batch ends the batch: what was signed
 * stays logged, the rest is refused TOKEN_ERROR.
 *
 * A rerun of a request a kill cut short finds its journal: the items signed before the kill are
 * answered from it, not signed again, and their audit records are written if the kill came
 * between the journal and the log (docs/signing.md, "Crashes").
 *
 * The token signs the whole batch back to back on the signing thread; each signature's DER,
 * digests and audit record are made here while the token goes on with the next.
 */
import { fromHex, toHex } from '../../protocol/bytes.ts';
import { SigningResponse } from '../../protocol/messages/index.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';
import type { ItemResult, ItemSignature, RefusalReason } from '../../protocol/messages/index.ts';
import type { AuditLog } from '../audit/log.ts';
import { itemClaims } from '../audit/claims.ts';
import { vouchAuditFields } from '../vouch/audit-fields.ts';
import type { AuditEntry } from '../audit/record.ts';
import { signAnchor } from '../audit/keyed-anchor.ts';
import { signedRecordKeys } from '../audit/signed-records.ts';
import { SignerError } from '../errors.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import { checkRollback, rollbackSubject } from '../policy/evaluate.ts';
import type { Policy } from '../policy/schema.ts';
import type { PolicyState } from '../policy/state.ts';
import { TOKEN_CANNOT_SIGN } from './review.ts';
import { commitAnswer, storeAnswer } from './answer-store.ts';
import type { FloorChange } from './answer-store.ts';
import { crashPoint } from './crash-point.ts';
import { Journal, readJournal, removeJournal } from './journal.ts';
import type { Review, ReviewItem } from './review.ts';
import { acceptSignature, schemeJobs, tokenPresent } from './sign-item.ts';
import { makeNewKeys } from './new-key.ts';
import type { SchemeJob } from './sign-item.ts';

export interface SignContext {
  readonly token: TokenConnection;
  readonly audit: AuditLog;
  readonly policy: Policy;
  readonly state: PolicyState;
  /** Where `state` is saved. */
  readonly statePath: string;
  /** The state directory: in-progress journals and stored answers. */
  readonly stateDir: string;
}

export interface SignOptions {
  /** true: every allowed item; false: none (the operator refused); a set: those indices only. */
  readonly approved: boolean | ReadonlySet<number>;
  /** Called after each item is signed or refused (progress; the page shows it). */
  readonly onItem?: (result: ItemResult) => void;
  /** Warnings and notes (the audit anchor could not be signed; a request resumed after a crash). */
  readonly warn?: (line: string) => void;
  readonly now?: Date;
}

type Outcome = { signatures: ItemSignature[] } | { reason: RefusalReason; detail: string };

function isApproved(approved: SignOptions['approved'], index: number): boolean {
  return typeof approved === 'boolean' ? approved : approved.has(index);
}

/**
 * Private keys are visible only once logged in. A review made after login already holds their
 * handles; one made before (the CLI asks for the PIN after the review) has the token listed again.
 */
function privateKeys(token: TokenConnection, review: Review): Map<string, TokenKey> {
  const map = new Map<string, TokenKey>();
  const reviewed = review.items.map((r) => r.key).filter((k) => k !== undefined);
  const keys = reviewed.every((k) => k.privateKey !== undefined) ? reviewed : token.keys();
  for (const key of keys) {
    if (key.fingerprint !== undefined && key.privateKey !== undefined) map.set(toHex(key.fingerprint), key);
  }
  return map;
}

type Decision = { readonly sign: TokenKey } | { readonly reason: RefusalReason; readonly detail: string };

/** What each item comes to before the token is asked: a key to sign with, or its refusal. */
function decideItems(ctx: SignContext, review: Review, approved: SignOptions['approved'], willSign: boolean): Decision[] {
  const keys = willSign ? privateKeys(ctx.token, review) : new Map<string, TokenKey>();
  const floors = ctx.state.clone();
  // Checked again here, not only at review: one review must never be signed twice.
  const replayed = !review.resign && ctx.state.isSigned(toHex(review.requestDigest));
  return review.items.map((r) => {
    const key = r.fingerprint === undefined ? undefined : keys.get(r.fingerprint);
    if (!r.verdict.allowed) return { reason: r.verdict.reason, detail: r.verdict.detail };
    if (replayed) return { reason: 'POLICY_ALREADY_SIGNED', detail: 'this request was signed before' };
    if (!isApproved(approved, r.index)) return { reason: 'OPERATOR_REFUSED', detail: 'the operator did not approve this item' };
    if (key === undefined) return { reason: 'UNKNOWN_KEY', detail: `no private key for certificate sha256:${r.fingerprint!.slice(0, 16)}… on the token` };
    const rollback = checkRollback(ctx.policy, floors, r.fingerprint!, r.item);
    return rollback.allowed ? { sign: key } : { reason: rollback.reason, detail: rollback.detail };
  });
}

/** Items a run killed mid-batch signed already (its journal), and which of their records the audit log has. */
interface Resumed {
  readonly startSeq: number | undefined;
  readonly reused: ReadonlyMap<number, { readonly key: TokenKey; readonly raw: readonly Uint8Array[] }>;
  readonly logged: ReadonlySet<string>;
}

function resumeFromJournal(ctx: SignContext, review: Review, decisions: readonly Decision[], requestHex: string, warn: SignOptions['warn']): Resumed {
  const journaled = readJournal(ctx.stateDir, requestHex);
  const reused = new Map<number, { key: TokenKey; raw: readonly Uint8Array[] }>();
  for (const [index, raw] of journaled?.signed ?? []) {
    const d = decisions[index];
    const r = review.items[index];
    if (d !== undefined && r !== undefined && 'sign' in d && raw.length === r.toBeSigned.length) reused.set(index, { key: d.sign, raw });
  }
  const logged = reused.size > 0 ? signedRecordKeys(ctx.audit.path, requestHex, journaled!.startSeq) : new Set<string>();
  if (reused.size > 0) warn?.(`request ${requestHex.slice(0, 16)}…: ${reused.size} item(s) signed before a crash are answered from its in-progress journal, not signed again`);
  return { startSeq: journaled?.startSeq, reused, logged };
}

/** The response's results, made in item order; each refusal is logged as it is made. */
class Results {
  readonly list: ItemResult[] = [];
  /** Why the token stopped answering, once it went away mid-batch. */
  tokenGone: string | undefined;

  constructor(
    private readonly ctx: SignContext,
    private readonly review: Review,
    private readonly decisions: readonly Decision[],
    private readonly resumed: Resumed,
    private readonly requestHex: string,
    private readonly now: Date,
    private readonly onItem: SignOptions['onItem'],
  ) {}

  finish(r: ReviewItem, outcome: Outcome): void {
    const result: ItemResult =
      'signatures' in outcome
        ? { index: r.index, status: 'signed', signatures: outcome.signatures, ...(r.madeCertificate === undefined ? {} : { certificate: r.madeCertificate }) }
        : { index: r.index, status: 'refused', reason: outcome.reason, detail: printable(outcome.detail) };
    if (result.status === 'refused') {
      this.ctx.audit.append({ event: 'refused', request: this.requestHex, item: r.index, key: r.fingerprint ?? null, reason: result.reason, detail: result.detail, ...itemClaims(r.item), ...(r.proven === undefined ? {} : { proven: true as const }), ...vouchAuditFields(r.vouch) }, this.now);
    }
    this.list.push(result);
    this.onItem?.(result);
  }

  /** Gives every item before `index` its result: answered from the journal, or refused. */
  settle(index: number): void {
    while (this.list.length < index) {
      const r = this.review.items[this.list.length]!;
      const d = this.decisions[this.list.length]!;
      const again = this.resumed.reused.get(r.index);
      if (again !== undefined) {
        const accepted = schemeJobs(r, again.key).map((job, k) => acceptSignature(job, again.raw[k]!, this.requestHex));
        // The kill may have come between the journal and the log: log what the log lacks.
        const missing = accepted.map((a) => a.record).filter((rec) => rec.event === 'signed' && !this.resumed.logged.has(`${rec.item}/${rec.scheme}/${rec.signature}`));
        if (missing.length > 0) this.ctx.audit.appendAll(missing, this.now);
        this.finish(r, { signatures: accepted.map((a) => a.signature) });
        continue;
      }
      // A signable item reached here was never signed: the token went away before it.
      this.finish(r, 'sign' in d ? { reason: 'TOKEN_ERROR', detail: this.tokenGone ?? 'not signed' } : d);
    }
  }
}

export function signReview(ctx: SignContext, reviewed: Review, options: SignOptions): SigningResponse {
  const willSign = reviewed.items.some((r) => r.verdict.allowed && isApproved(options.approved, r.index));
  if (willSign && !ctx.token.isLoggedIn) throw new SignerError('PIN_MISSING', 'log in to the token before signing');
  const now = options.now ?? new Date();
  const requestHex = toHex(reviewed.requestDigest);
  // Keys the request asks for are made first (journaled, logged), so their items sign as any other.
  const earlier = willSign ? readJournal(ctx.stateDir, requestHex) : undefined;
  const startSeq = earlier?.startSeq ?? ctx.audit.current.seq;
  let opened: Journal | undefined;
  const openJournal = (): Journal => (opened ??= Journal.open(ctx.stateDir, requestHex, startSeq));
  const replayed = !reviewed.resign && ctx.state.isSigned(requestHex);
  let review: Review;
  try {
    review = makeNewKeys({ ctx, review: reviewed, approved: (i) => !replayed && isApproved(options.approved, i), journaled: earlier?.newKeys ?? new Map(), journal: openJournal, startSeq, now, warn: options.warn });
  } catch (error) {
    opened?.close();
    throw error;
  }
  const decisions = decideItems(ctx, review, options.approved, willSign);
  const resumed: Resumed = willSign ? resumeFromJournal(ctx, review, decisions, requestHex, options.warn) : { startSeq: undefined, reused: new Map(), logged: new Set() };
  const results = new Results(ctx, review, decisions, resumed, requestHex, now, options.onItem);
  const jobs = review.items.flatMap((r, i) => {
    const d = decisions[i]!;
    return 'sign' in d && !resumed.reused.has(r.index) ? schemeJobs(r, d.sign) : [];
  });
  const journal = jobs.length > 0 ? openJournal() : opened;
  try {
    signJobs(ctx, jobs, journal, results, requestHex, now);
    results.settle(review.items.length);
    return commit(ctx, review, decisions, results.list, journal, now, options.warn);
  } finally {
    journal?.close();
  }
}

/**
 * The token signs the jobs back to back; each item, once its last scheme is signed, is journaled,
 * then logged, before anything else happens. A failure refuses its item and the batch goes on
 * after it, unless the token went away.
 */
function signJobs(ctx: SignContext, jobs: readonly SchemeJob[], journal: Journal | undefined, results: Results, requestHex: string, now: Date): void {
  let signatures: ItemSignature[] = [];
  let raws: Uint8Array[] = [];
  let records: AuditEntry[] = [];
  for (let start = 0; start < jobs.length && results.tokenGone === undefined; ) {
    const batch = jobs.slice(start);
    const failure = ctx.token.signBatch(
      batch.map((j) => j.batch),
      (k, raw) => {
        const job = batch[k]!;
        const accepted = acceptSignature(job, raw, requestHex);
        signatures.push(accepted.signature);
        raws.push(raw);
        records.push(accepted.record);
        if (!job.last) return;
        // What the token signed is journaled, then logged, as the item completes, before anything else happens.
        journal!.append(job.item.index, raws);
        crashPoint('journaled');
        ctx.audit.appendAll(records, now);
        crashPoint('logged');
        results.settle(job.item.index);
        results.finish(job.item, { signatures });
        signatures = [];
        raws = [];
        records = [];
      },
    );
    if (failure === undefined) break;
    const failed = batch[failure.index]!.item;
    // A scheme signed before the failure is logged even though its item is refused.
    if (records.length > 0) ctx.audit.appendAll(records, now);
    signatures = [];
    raws = [];
    records = [];
    const { error } = failure;
    if (error.code !== 'MECHANISM_UNSUPPORTED' && !tokenPresent(ctx.token, error)) results.tokenGone = `the token went away mid-batch (${error.message})`;
    results.settle(failed.index);
    // A mechanism the token listed but then refused is its own words, marked as the token's refusal.
    const unsupported = error.code === 'MECHANISM_UNSUPPORTED';
    results.finish(failed, { reason: unsupported ? 'UNSUPPORTED_ALGORITHM' : 'TOKEN_ERROR', detail: unsupported ? `${TOKEN_CANNOT_SIGN}: ${error.message}` : error.message });
    const nextItem = batch.findIndex((j) => j.item.index > failed.index);
    start += nextItem === -1 ? batch.length : nextItem;
  }
}

/** Durable before anything leaves: the journal and the log, the stored answer, the policy state; then the response. */
function commit(ctx: SignContext, review: Review, decisions: readonly Decision[], results: readonly ItemResult[], journal: Journal | undefined, now: Date, warn: SignOptions['warn']): SigningResponse {
  const requestHex = toHex(review.requestDigest);
  journal?.sync();
  // The head after a batch that signed is signed in the token, by the first key it signed with.
  const first = results.find((x) => x.status === 'signed');
  const firstKey = first === undefined ? undefined : decisions[first.index];
  const head = ctx.audit.sync(
    firstKey === undefined || !('sign' in firstKey)
      ? undefined
      : (h) => {
          const keyed = signAnchor(ctx.token, firstKey.sign, h);
          if ('error' in keyed) {
            warn?.(`warning: the audit anchor could not be signed in the token (${keyed.error}); audit verify will say so`);
            return undefined;
          }
          return keyed;
        },
  );
  const signedAt = Math.floor(now.getTime() / 1000);
  const response = SigningResponse.parse({
    v: PROTOCOL_VERSION,
    kind: 'response',
    requestDigest: review.requestDigest,
    signedAt,
    results,
    audit: { seq: head.seq, head: fromHex(head.head) },
  });
  const signed = results.filter((x) => x.status === 'signed');
  if (signed.length > 0) {
    const floors: FloorChange[] = signed.map((x) => {
      const r = review.items[x.index]!;
      const { subject, order } = rollbackSubject(r.item);
      return { key: r.fingerprint!, subject, versionCode: order, artifact: toHex(r.item.sha256) };
    });
    const stored = { request: requestHex, signedAt, floors, response };
    storeAnswer(ctx.stateDir, stored);
    crashPoint('answer-stored');
    commitAnswer(ctx.state, stored);
    ctx.state.save(ctx.statePath);
    removeJournal(ctx.stateDir, requestHex);
    crashPoint('committed');
  }
  return response;
}

/** Refusal details may quote token labels; keep them to what a response's text field allows. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control and bidi characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '?').slice(0, 300);
}
