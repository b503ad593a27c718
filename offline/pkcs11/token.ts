/**
 * One open token: the module, the slot the URI chose, and one session kept open for the whole
 * batch (opening a session per signature would cost more than the signature on a fast token).
 * Batches are signed on a signing thread (signing-thread.ts), so the token never waits for the
 * signer's own per-item work.
 */
import { SignerError, isSignerError } from '../errors.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import type { Handle } from './cryptoki.ts';
import { listTokenKeys } from './keys.ts';
import type { TokenKey } from './keys.ts';
import { signProblem } from './capabilities.ts';
import type { Capabilities } from './capabilities.ts';
import { planSignature, withoutHashing } from './mechanisms.ts';
import type { SignPlan, SignatureHash } from './mechanisms.ts';
import { DEFAULT_MODULE, Pkcs11Module } from './module.ts';
import type { Session } from './session.ts';
import { selectToken } from './select.ts';
import { SigningThread } from './signing-thread.ts';
import type { SignFailure, SignJob } from './signing-thread.ts';
import type { Slot } from './slot.ts';
import type { TokenInfo } from './token-info.ts';
import type { Pkcs11Uri } from './uri.ts';

export interface OpenTokenOptions {
  readonly modulePath?: string;
  /** C_Initialize parameters the module needs (--module-args; NSS's softoken). */
  readonly moduleArgs?: string;
  readonly uri?: Pkcs11Uri;
  /** Read-write session: only the key ceremony needs one. */
  readonly readWrite?: boolean;
  /**
   * false: sign batches on the calling thread, never on a signing thread (for a module that must
   * only be called from the thread that initialized it). Default true.
   */
  readonly signingThread?: boolean;
}

/** One signature of a batch. */
export interface BatchSignature {
  readonly privateKey: Handle;
  readonly keyType: KeyType;
  readonly hash: SignatureHash;
  readonly data: Uint8Array;
  /** `hash` of `data`, when the caller already has it (see signRaw). */
  readonly digest?: Uint8Array;
  /**
   * `digest` is the finished hash of more than `data` (an OpenPGP file's hash resumed from a
   * midstate): the token signs it with a mechanism that does not hash (CKM_RSA_PKCS, CKM_ECDSA).
   */
  readonly prehashed?: boolean;
}

export class TokenConnection {
  private mechanismSet: ReadonlySet<number> | undefined;
  private capabilityMap: Capabilities | undefined;
  private readonly plans = new Map<string, SignPlan>();
  private loggedIn = false;
  private thread: SigningThread | undefined;
  /** Set when the signing thread could not start: batches are then signed on this thread. */
  private threadUnavailable: string | undefined;

  private constructor(
    readonly module: Pkcs11Module,
    readonly slot: Slot,
    readonly info: TokenInfo,
    readonly session: Session,
    readonly uri: Pkcs11Uri,
  ) {}

  static open(options: OpenTokenOptions = {}): TokenConnection {
    const uri = options.uri ?? {};
    const module = Pkcs11Module.open(options.modulePath ?? uri.modulePath ?? DEFAULT_MODULE, { moduleArgs: options.moduleArgs });
    try {
      const { slot, token } = selectToken(module, uri);
      const session = slot.openSession(options.readWrite === true);
      const connection = new TokenConnection(module, slot, token, session, uri);
      if (options.signingThread === false) connection.threadUnavailable = 'turned off when the token was opened';
      return connection;
    } catch (error) {
      module.close();
      throw error;
    }
  }

  get isLoggedIn(): boolean {
    return this.loggedIn;
  }

  /** Logs in with the operator's PIN; the buffer is zeroed afterwards whatever happens. */
  login(pin: Buffer): void {
    try {
      const now = this.slot.token();
      if (now.userPinLocked) throw new SignerError('PIN_LOCKED', `the user PIN of token "${now.label}" is locked`);
      if (!now.userPinInitialized) throw new SignerError('PIN_INVALID', `token "${now.label}" has no user PIN set`);
      this.session.login(pin);
      this.loggedIn = true;
    } finally {
      pin.fill(0);
    }
  }

  /** Logs out (a no-op when not logged in): the signer page does after each batch and when idle. */
  logout(): void {
    if (!this.loggedIn) return;
    this.loggedIn = false;
    this.session.logout();
  }

  mechanisms(): ReadonlySet<number> {
    this.mechanismSet ??= new Set(this.slot.mechanismList());
    return this.mechanismSet;
  }

  /** The token's mechanisms with their C_GetMechanismInfo (key sizes, flags), read once. */
  capabilities(): Capabilities {
    this.capabilityMap ??= new Map(this.slot.mechanisms().map((m) => [m.mechanism, m]));
    return this.capabilityMap;
  }

  /** Why this token cannot make `hash` signatures with a key of `keyType` (`prehashed`: over a digest finished by the signer); undefined when it can. */
  signProblem(keyType: KeyType, hash: SignatureHash, prehashed = false): string | undefined {
    return signProblem(this.capabilities(), keyType, hash, prehashed);
  }

  /** Keys the connection's URI selects (all keys on the token when it names no object). */
  keys(): TokenKey[] {
    return listTokenKeys(this.session, { object: this.uri.object, id: this.uri.id });
  }

  /**
   * A raw signature (RSA: the PKCS#1 block; ECDSA: r||s) of `data` under `hash`. A caller that has
   * already hashed `data` with `hash` passes the digest, so ECDSA on a token without a hashing
   * mechanism does not hash it twice.
   */
  signRaw(privateKey: Handle, keyType: KeyType, hash: SignatureHash, data: Uint8Array, digest?: Uint8Array): Uint8Array {
    const plan = this.plan(keyType, hash);
    return this.session.sign(plan.mechanism, privateKey, plan.input(data, digest), plan.length);
  }

  /**
   * Starts the signing thread now, so that loading the module there overlaps whatever the caller
   * does next (reading the request, the review, the PIN). Signing starts it anyway.
   */
  prepareSigning(): void {
    if (this.thread !== undefined || this.threadUnavailable !== undefined) return;
    try {
      this.thread = SigningThread.start(this.module.path, this.module.moduleArgs);
    } catch (error) {
      this.threadUnavailable = `the signing thread could not start: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Why batches are signed on the calling thread instead of the signing thread, if they are. */
  get signingThreadProblem(): string | undefined {
    return this.threadUnavailable;
  }

  /**
   * Signs `batch` in order, one signature at a time on this connection's session, handing each
   * raw signature (as signRaw returns it) to `onSigned` the moment it is made, while the token
   * goes on with the next. Stops at the first failure and returns it (the signatures before it
   * were handed over); undefined when all were signed.
   */
  signBatch(batch: readonly BatchSignature[], onSigned: (index: number, raw: Uint8Array) => void): SignFailure | undefined {
    const jobs: SignJob[] = [];
    let planFailure: SignFailure | undefined;
    for (const [index, s] of batch.entries()) {
      try {
        const plan = this.plan(s.keyType, s.hash, s.prehashed === true);
        if (s.prehashed === true && s.digest === undefined) throw new SignerError('TOKEN_ERROR', 'a prehashed signature without its digest');
        jobs.push({ mechanism: plan.mechanism, key: s.privateKey, input: plan.input(s.data, s.digest), maxLength: plan.length });
      } catch (error) {
        if (!isSignerError(error)) throw error;
        planFailure = { index, error };
        break;
      }
    }
    const thread = this.readyThread();
    const failure = thread === undefined ? this.signHere(jobs, onSigned) : thread.run(this.session.handle, jobs, onSigned);
    return failure ?? planFailure;
  }

  private readyThread(): SigningThread | undefined {
    this.prepareSigning();
    if (this.thread === undefined) return undefined;
    try {
      this.thread.ready();
      return this.thread;
    } catch (error) {
      if (!isSignerError(error)) throw error;
      this.threadUnavailable = error.message;
      this.thread.close();
      this.thread = undefined;
      return undefined;
    }
  }

  /** The same contract as the thread's, on this thread: for a module the thread could not load. */
  private signHere(jobs: readonly SignJob[], onSigned: (index: number, raw: Uint8Array) => void): SignFailure | undefined {
    for (const [index, job] of jobs.entries()) {
      let raw: Uint8Array;
      try {
        raw = this.session.sign(job.mechanism, job.key, job.input, job.maxLength);
      } catch (error) {
        if (!isSignerError(error)) throw error;
        return { index, error };
      }
      onSigned(index, raw);
    }
    return undefined;
  }

  /** The plan for `hash` signatures; `prehashed`: one whose mechanism signs a digest as given, never hashing. */
  private plan(keyType: KeyType, hash: SignatureHash, prehashed = false): SignPlan {
    const name = `${keyType.kind}${keyType.kind === 'rsa' ? keyType.bits : ''}:${hash}${prehashed ? ':prehashed' : ''}`;
    let plan = this.plans.get(name);
    if (plan === undefined) {
      plan = planSignature(keyType, hash, prehashed ? withoutHashing(this.mechanisms()) : this.mechanisms());
      this.plans.set(name, plan);
    }
    return plan;
  }

  close(): void {
    try {
      this.thread?.close();
    } finally {
      this.session.close();
      this.module.close();
    }
  }
}
