/**
 * The signing core as a library, for the CLI and the signer page: open once (air-gap check, state
 * directory lock, audit log verified, policy state, token session), log in with the operator's
 * PIN, review a request, sign what the operator approves, close.
 */
import { toHex } from '../../protocol/bytes.ts';
import type { SigningRequest, SigningResponse } from '../../protocol/messages/index.ts';
import { assertAirGapped } from '../airgap/interfaces.ts';
import { AuditLog } from '../audit/log.ts';
import { DEFAULT_MODULE } from '../pkcs11/module.ts';
import { TokenConnection } from '../pkcs11/token.ts';
import type { Pkcs11Uri } from '../pkcs11/uri.ts';
import type { Policy } from '../policy/schema.ts';
import { PolicyState } from '../policy/state.ts';
import { defaultStateDir, ensureDir } from '../state/files.ts';
import { auditLogPath, policyStatePath } from '../state/paths.ts';
import { lockStateDir } from '../state/lock.ts';
import type { StateLock } from '../state/lock.ts';
import { commitAnswer, listJournaled, readStoredAnswer } from './answer-store.ts';
import { journalDir, removeJournal } from './journal.ts';
import { reviewRequest } from './review.ts';
import { knownCreationTime } from '../openpgp/creation-times.ts';
import type { Review } from './review.ts';
import { signReview } from './sign-review.ts';
import type { SignOptions } from './sign-review.ts';

export interface OfflineSignerOptions {
  readonly policy: Policy;
  readonly modulePath?: string;
  /** C_Initialize parameters the module needs (NSS's softoken). */
  readonly moduleArgs?: string;
  /** Selects the token (and optionally restricts the keys) by PKCS#11 URI. */
  readonly uri?: Pkcs11Uri;
  readonly stateDir?: string;
  readonly allowNetwork?: boolean;
  /** false: sign on the calling thread (see OpenTokenOptions.signingThread). Default true. */
  readonly signingThread?: boolean;
  /** Warnings (network allowed, a torn audit record set aside). */
  readonly log?: (line: string) => void;
}

export class OfflineSigner {
  /** Interfaces already warned about (with allowNetwork): the check before signing names only new ones. */
  private networkWarned: string[] = [];
  private threadWarned = false;

  private constructor(
    readonly options: OfflineSignerOptions,
    readonly stateDir: string,
    readonly token: TokenConnection,
    readonly audit: AuditLog,
    readonly state: PolicyState,
    private readonly lock: StateLock,
  ) {}

  static open(options: OfflineSignerOptions): OfflineSigner {
    const log = options.log ?? (() => {});
    const warned = assertAirGapped(options.allowNetwork === true, log);
    const stateDir = options.stateDir ?? defaultStateDir();
    ensureDir(stateDir);
    const lock = lockStateDir(stateDir);
    let audit: AuditLog | undefined;
    try {
      const state = PolicyState.load(policyStatePath(stateDir));
      // The log is checked against the state as it was last committed, before any commit is finished.
      audit = AuditLog.open(auditLogPath(stateDir), state);
      if (audit.quarantined !== undefined) log(`warning: a torn last audit record (from a crash) was set aside in ${audit.quarantined}`);
      finishCommits(stateDir, state, log);
      const token = TokenConnection.open({ modulePath: options.modulePath ?? DEFAULT_MODULE, moduleArgs: options.moduleArgs, uri: options.uri, signingThread: options.signingThread });
      token.prepareSigning();
      const signer = new OfflineSigner(options, stateDir, token, audit, state, lock);
      signer.networkWarned = warned;
      return signer;
    } catch (error) {
      audit?.close();
      lock.release();
      throw error;
    }
  }

  /**
   * The answer stored for a request signed before, to be sent again: a rerun after a kill that
   * came between committing the request and writing its answer. Undefined for a request not
   * signed, or signed before answers were stored.
   */
  storedAnswer(requestDigest: Uint8Array): SigningResponse | undefined {
    const hex = toHex(requestDigest);
    return this.state.isSigned(hex) ? readStoredAnswer(this.stateDir, hex)?.response : undefined;
  }

  get isLoggedIn(): boolean {
    return this.token.isLoggedIn;
  }

  /** Logs in; the PIN buffer is zeroed whatever the outcome. */
  login(pin: Buffer): void {
    this.token.login(pin);
  }

  logout(): void {
    this.token.logout();
  }

  /**
   * What would be signed, and the policy's verdict per item. Needs no login. `requestDigest`, if
   * given, must be the SHA-256 of the canonical bytes the request was decoded from.
   */
  review(request: SigningRequest, options: { now?: number; resign?: boolean; requestDigest?: Uint8Array } = {}): Review {
    return reviewRequest({
      request,
      policy: this.options.policy,
      state: this.state,
      keys: this.token.keys(),
      now: options.now ?? Math.floor(Date.now() / 1000),
      resign: options.resign === true,
      requestDigest: options.requestDigest,
      tokenProblem: (keyType, hash) => this.token.signProblem(keyType, hash),
      openPgpKeyCreated: (certificateHex) => knownCreationTime(this.stateDir, certificateHex),
    });
  }

  /** Signs what the review allowed and the operator approved; durable before it returns. */
  sign(review: Review, options: SignOptions): SigningResponse {
    const log = this.options.log ?? (() => {});
    this.networkWarned = assertAirGapped(this.options.allowNetwork === true, log, this.networkWarned);
    const response = signReview(
      { token: this.token, audit: this.audit, policy: this.options.policy, state: this.state, statePath: policyStatePath(this.stateDir), stateDir: this.stateDir },
      review,
      { warn: log, ...options },
    );
    const problem = this.token.signingThreadProblem;
    if (problem !== undefined && this.options.signingThread !== false && !this.threadWarned) {
      this.threadWarned = true;
      log(`warning: signing on the main thread, slower on a fast token: ${problem}`);
    }
    return response;
  }

  close(): void {
    try {
      this.token.close();
    } finally {
      this.audit.close();
      this.lock.release();
    }
  }
}

/**
 * A request whose journal is still there but whose answer is stored was killed between storing
 * its answer and committing it to the policy state (or before removing its journal): commit it
 * now, so its rerun re-sends that answer. A journal without a stored answer waits for its rerun.
 */
function finishCommits(stateDir: string, state: PolicyState, log: (line: string) => void): void {
  for (const hex of listJournaled(journalDir(stateDir))) {
    const stored = readStoredAnswer(stateDir, hex);
    if (stored === undefined) continue;
    if (!state.isSigned(hex)) {
      commitAnswer(state, stored);
      state.save(policyStatePath(stateDir));
      log(`request ${hex.slice(0, 16)}…: its answer was stored before a crash; committed to the policy state now`);
    }
    removeJournal(stateDir, hex);
  }
}
