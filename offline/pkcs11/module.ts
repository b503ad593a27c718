/**
 * A loaded PKCS#11 module (the vendor's .so), initialized once per process and path: Cryptoki
 * allows one C_Initialize per library, so every opener of the same path shares it.
 */
import { SignerError } from '../errors.ts';
import { CK, CKR, PKCS11, ckrName } from './cryptoki.ts';
import type { Binding } from './cryptoki.ts';
import { call, ckrOf } from './errors.ts';
import { Slot } from './slot.ts';
import { trimPadding } from './token-info.ts';

export const DEFAULT_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface ModuleInfo {
  readonly manufacturer: string;
  readonly description: string;
  readonly libraryVersion: string;
  readonly cryptokiVersion: string;
}

export interface ModuleOptions {
  /**
   * C_Initialize's reserved parameter (pReserved), as NSS's softoken needs it:
   * "configdir='sql:/path' certPrefix='' keyPrefix='' secmod='secmod.db' flags=".
   */
  readonly moduleArgs?: string;
}

const open = new Map<string, { binding: Binding; users: number; moduleArgs: string | undefined }>();

/** What to check for the C_Initialize failures operators meet most. */
function initializeHint(rv: number | undefined, path: string): string {
  const name = rv === undefined ? undefined : ckrName(rv);
  if (/opencryptoki/i.test(path) && (name === 'CKR_GENERAL_ERROR' || name === 'CKR_FUNCTION_FAILED' || name === 'CKR_DEVICE_ERROR')) {
    return '; opencryptoki needs its daemon: is pkcsslotd running (systemctl start pkcsslotd), and is this user in the pkcs11 group?';
  }
  if (/tpm2/i.test(path)) return '; tpm2-pkcs11 needs a TPM: check TPM2_PKCS11_TCTI (e.g. swtpm:host=127.0.0.1,port=2321 or device:/dev/tpmrm0) and TPM2_PKCS11_STORE';
  if (/softokn|nss/i.test(path) && (name === 'CKR_ARGUMENTS_BAD' || name === 'CKR_GENERAL_ERROR' || name === 'CKR_DEVICE_ERROR' || name === 'CKR_TOKEN_NOT_PRESENT')) {
    return `; NSS's softoken needs --module-args "configdir='sql:DIR' certPrefix='' keyPrefix='' secmod='secmod.db' flags=" naming an existing database directory`;
  }
  if (name === 'CKR_ARGUMENTS_BAD') return '; the module may need C_Initialize parameters: see --module-args';
  return '';
}

export class Pkcs11Module {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly binding: Binding,
    /** The C_Initialize parameters it was opened with (the signing thread opens it the same way). */
    readonly moduleArgs: string | undefined,
  ) {}

  /** Loads and initializes the module at `path` (or shares the one already open). */
  static open(path: string = DEFAULT_MODULE, options: ModuleOptions = {}): Pkcs11Module {
    const shared = open.get(path);
    if (shared !== undefined) {
      if (shared.moduleArgs !== options.moduleArgs) throw new SignerError('MODULE_LOAD_FAILED', `the module ${path} is already open with other --module-args`);
      shared.users++;
      return new Pkcs11Module(path, shared.binding, options.moduleArgs);
    }
    const binding = new PKCS11();
    try {
      binding.load(path);
    } catch (cause) {
      const text = cause instanceof Error ? cause.message : String(cause);
      throw new SignerError('MODULE_LOAD_FAILED', `cannot load the PKCS#11 module ${path}: ${text}`, { cause });
    }
    try {
      // Two threads use the module (signing-thread.ts): the library must do its own locking.
      binding.C_Initialize(initializeArgs(options.moduleArgs));
    } catch (cause) {
      const rv = ckrOf(cause);
      if (rv !== CKR.CRYPTOKI_ALREADY_INITIALIZED) {
        binding.close();
        const what = rv === undefined ? (cause instanceof Error ? cause.message : String(cause)) : ckrName(rv);
        throw new SignerError('MODULE_LOAD_FAILED', `C_Initialize of ${path} failed: ${what}${initializeHint(rv, path)}`, { cause, ckr: rv });
      }
    }
    open.set(path, { binding, users: 1, moduleArgs: options.moduleArgs });
    return new Pkcs11Module(path, binding, options.moduleArgs);
  }

  info(): ModuleInfo {
    const i = call('C_GetInfo', () => this.binding.C_GetInfo());
    return {
      manufacturer: trimPadding(i.manufacturerID),
      description: trimPadding(i.libraryDescription),
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

/** C_Initialize's arguments: OS locking, and the module's reserved parameter when it needs one. */
export function initializeArgs(moduleArgs: string | undefined): { flags: number; libraryParameters?: string } {
  return moduleArgs === undefined ? { flags: CK.CKF_OS_LOCKING_OK } : { flags: CK.CKF_OS_LOCKING_OK, libraryParameters: moduleArgs };
}
