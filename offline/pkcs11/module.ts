/**
 * A loaded PKCS#11 module (the vendor's .so), initialized once per process and path: Cryptoki
 * allows one C_Initialize per library, so every opener of the same path shares it.
 */
import { SignerError } from '../errors.ts';
import { CK, CKR, PKCS11 } from './cryptoki.ts';
import type { Binding } from './cryptoki.ts';
import { call, ckrOf } from './errors.ts';
import { Slot } from './slot.ts';

export const DEFAULT_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface ModuleInfo {
  readonly manufacturer: string;
  readonly description: string;
  readonly libraryVersion: string;
  readonly cryptokiVersion: string;
}

const open = new Map<string, { binding: Binding; users: number }>();

export class Pkcs11Module {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly binding: Binding,
  ) {}

  /** Loads and initializes the module at `path` (or shares the one already open). */
  static open(path: string = DEFAULT_MODULE): Pkcs11Module {
    const shared = open.get(path);
    if (shared !== undefined) {
      shared.users++;
      return new Pkcs11Module(path, shared.binding);
    }
    const binding = new PKCS11();
    try {
      binding.load(path);
    } catch (cause) {
      throw new SignerError('MODULE_LOAD_FAILED', `cannot load the PKCS#11 module ${path}`, { cause });
    }
    try {
      // Two threads use the module (signing-thread.ts): the library must do its own locking.
      binding.C_Initialize({ flags: CK.CKF_OS_LOCKING_OK });
    } catch (cause) {
      if (ckrOf(cause) !== CKR.CRYPTOKI_ALREADY_INITIALIZED) {
        throw new SignerError('MODULE_LOAD_FAILED', `C_Initialize of ${path} failed`, { cause, ckr: ckrOf(cause) });
      }
    }
    open.set(path, { binding, users: 1 });
    return new Pkcs11Module(path, binding);
  }

  info(): ModuleInfo {
    const i = call('C_GetInfo', () => this.binding.C_GetInfo());
    return {
      manufacturer: i.manufacturerID.trim(),
      description: i.libraryDescription.trim(),
      libraryVersion: `${i.libraryVersion.major}.${i.libraryVersion.minor}`,
      cryptokiVersion: `${i.cryptokiVersion.major}.${i.cryptokiVersion.minor}`,
    };
  }

  /** Slots, by default only those with a token present. */
  slots(tokenPresent = true): Slot[] {
    this.assertOpen();
    return call('C_GetSlotList', () => this.binding.C_GetSlotList(tokenPresent)).map((id) => new Slot(this.binding, id));
  }

  /** Releases this opener's hold; the last one finalizes the module. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const shared = open.get(this.path);
    if (shared === undefined || --shared.users > 0) return;
    open.delete(this.path);
    try {
      shared.binding.C_Finalize();
    } finally {
      shared.binding.close();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new SignerError('TOKEN_ERROR', `the module ${this.path} was closed`);
  }
}
