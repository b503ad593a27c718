/**
 * One open token: the module, the slot the URI chose, and one session kept open for the whole
 * batch (opening a session per signature would cost more than the signature on a fast token).
 */
import { SignerError } from '../errors.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import type { Handle } from './cryptoki.ts';
import { listTokenKeys } from './keys.ts';
import type { TokenKey } from './keys.ts';
import { planSignature } from './mechanisms.ts';
import type { SignPlan, SignatureHash } from './mechanisms.ts';
import { DEFAULT_MODULE, Pkcs11Module } from './module.ts';
import type { Session } from './session.ts';
import { selectToken } from './select.ts';
import type { Slot } from './slot.ts';
import type { TokenInfo } from './token-info.ts';
import type { Pkcs11Uri } from './uri.ts';

export interface OpenTokenOptions {
  readonly modulePath?: string;
  readonly uri?: Pkcs11Uri;
  /** Read-write session: only the key ceremony needs one. */
  readonly readWrite?: boolean;
}

export class TokenConnection {
  private mechanismSet: ReadonlySet<number> | undefined;
  private readonly plans = new Map<string, SignPlan>();
  private loggedIn = false;

  private constructor(
    readonly module: Pkcs11Module,
    readonly slot: Slot,
    readonly info: TokenInfo,
    readonly session: Session,
    readonly uri: Pkcs11Uri,
  ) {}

  static open(options: OpenTokenOptions = {}): TokenConnection {
    const uri = options.uri ?? {};
    const module = Pkcs11Module.open(options.modulePath ?? uri.modulePath ?? DEFAULT_MODULE);
    try {
      const { slot, token } = selectToken(module, uri);
      const session = slot.openSession(options.readWrite === true);
      return new TokenConnection(module, slot, token, session, uri);
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

  mechanisms(): ReadonlySet<number> {
    this.mechanismSet ??= new Set(this.slot.mechanismList());
    return this.mechanismSet;
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
    const plan = this.plans.get(`${keyType.kind}${keyType.kind === 'rsa' ? keyType.bits : ''}:${hash}`) ?? this.plan(keyType, hash);
    return this.session.sign(plan.mechanism, privateKey, plan.input(data, digest), plan.length);
  }

  private plan(keyType: KeyType, hash: SignatureHash): SignPlan {
    const plan = planSignature(keyType, hash, this.mechanisms());
    this.plans.set(`${keyType.kind}${keyType.kind === 'rsa' ? keyType.bits : ''}:${hash}`, plan);
    return plan;
  }

  close(): void {
    this.session.close();
    this.module.close();
  }
}
