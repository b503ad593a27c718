/**
 * A session with a token: login, find and read objects, sign, and (read-write sessions) create
 * objects. Every call goes through `call`, so failures are SignerErrors with the CK_RV kept.
 */
import { SignerError } from '../errors.ts';
import { CK, CKR } from './cryptoki.ts';
import type { Binding, Handle, Mechanism, Template } from './cryptoki.ts';
import { call, ckrOf, pkcs11Failure } from './errors.ts';
import type { Slot } from './slot.ts';

/** Upper bound on objects one search returns: a token with more is refused, not walked forever. */
export const MAX_OBJECTS = 10_000;

export class Session {
  private open = true;

  constructor(
    private readonly binding: Binding,
    readonly handle: Handle,
    readonly slot: Slot,
  ) {}

  /**
   * Logs the user in. The PIN buffer is consumed: it is zeroed whatever the outcome. The binding
   * only takes a string, so a short-lived string copy exists for the call; it is never stored.
   */
  login(pin: Buffer): void {
    try {
      this.binding.C_Login(this.handle, CK.CKU_USER, pin.toString('utf8'));
    } catch (error) {
      if (ckrOf(error) === CKR.USER_ALREADY_LOGGED_IN) return;
      throw pkcs11Failure(error, 'C_Login');
    } finally {
      pin.fill(0);
    }
  }

  logout(): void {
    call('C_Logout', () => this.binding.C_Logout(this.handle));
  }

  /** Handles of the objects matching `template`, at most `limit` of them. */
  find(template: Template, limit = MAX_OBJECTS): Handle[] {
    call('C_FindObjectsInit', () => this.binding.C_FindObjectsInit(this.handle, template));
    const found: Handle[] = [];
    try {
      for (;;) {
        const batch = call('C_FindObjects', () => this.binding.C_FindObjects(this.handle, 64));
        if (batch.length === 0) break;
        found.push(...batch);
        if (found.length > limit) throw new SignerError('TOKEN_ERROR', `more than ${limit} objects match on the token`);
      }
    } finally {
      call('C_FindObjectsFinal', () => this.binding.C_FindObjectsFinal(this.handle));
    }
    return found;
  }

  /** Reads attributes of an object; `types` must not name sensitive ones. */
  attributes(object: Handle, types: readonly number[]): Map<number, Buffer> {
    const result = call('C_GetAttributeValue', () =>
      this.binding.C_GetAttributeValue(this.handle, object, types.map((type) => ({ type }))),
    );
    return new Map(result.map((a) => [a.type, a.value]));
  }

  /** One signature: C_SignInit then C_Sign. `maxLength` sizes the output (the key's signature size). */
  sign(mechanism: Mechanism, key: Handle, data: Uint8Array, maxLength: number): Uint8Array {
    const input = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const output = Buffer.alloc(maxLength);
    try {
      this.binding.C_SignInit(this.handle, mechanism, key);
      // The binding returns a view of `output` cut to the signature's length.
      const signature = this.binding.C_Sign(this.handle, input, output);
      return new Uint8Array(signature.buffer, signature.byteOffset, signature.length);
    } catch (error) {
      throw pkcs11Failure(error, 'C_SignInit/C_Sign');
    }
  }

  generateKeyPair(mechanism: Mechanism, publicTemplate: Template, privateTemplate: Template): { publicKey: Handle; privateKey: Handle } {
    return call('C_GenerateKeyPair', () => this.binding.C_GenerateKeyPair(this.handle, mechanism, publicTemplate, privateTemplate));
  }

  createObject(template: Template): Handle {
    return call('C_CreateObject', () => this.binding.C_CreateObject(this.handle, template));
  }

  destroyObject(object: Handle): void {
    call('C_DestroyObject', () => this.binding.C_DestroyObject(this.handle, object));
  }

  setAttributes(object: Handle, template: Template): void {
    call('C_SetAttributeValue', () => this.binding.C_SetAttributeValue(this.handle, object, template));
  }

  random(length: number): Buffer {
    return call('C_GenerateRandom', () => this.binding.C_GenerateRandom(this.handle, Buffer.alloc(length)));
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    try {
      this.binding.C_CloseSession(this.handle);
    } catch {
      // A session the token already dropped (removed, closed elsewhere) is closed enough.
    }
  }
}
