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
import type { SignatureHash } from './mechanisms.ts';
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

  /** A raw signature (RSA: the PKCS#1 block; ECDSA: r||s) of `data` under `hash`. */
  signRaw(privateKey: Handle, keyType: KeyType, hash: SignatureHash, data: Uint8Array): Uint8Array {
    const plan = planSignature(keyType, hash, this.mechanisms());
    return new Uint8Array(this.session.sign(plan.mechanism, privateKey, plan.input(data), plan.length));
  }

  close(): void {
    this.session.close();
    this.module.close();
  }
}
