/**
 * Turns what the binding throws into SignerError codes. The binding reports CK_RV as a number on
 * Pkcs11Error.code; we switch on that number, never on its message.
 */
import { SignerError } from '../errors.ts';
import type { SignerErrorCode } from '../errors.ts';
import { CKR, Pkcs11Error, ckrName } from './cryptoki.ts';

/** Return values that mean the token (or our hold on it) went away. */
const GONE: ReadonlySet<number> = new Set([
  CKR.DEVICE_REMOVED,
  CKR.TOKEN_NOT_PRESENT,
  CKR.TOKEN_NOT_RECOGNIZED,
  CKR.SESSION_HANDLE_INVALID,
  CKR.SESSION_CLOSED,
  CKR.SLOT_ID_INVALID,
  CKR.DEVICE_ERROR,
]);

function codeFor(rv: number): SignerErrorCode {
  if (rv === CKR.PIN_INCORRECT) return 'PIN_INCORRECT';
  if (rv === CKR.PIN_LOCKED) return 'PIN_LOCKED';
  if (rv === CKR.PIN_LEN_RANGE || rv === CKR.PIN_INVALID || rv === CKR.PIN_EXPIRED) return 'PIN_INVALID';
  if (GONE.has(rv)) return 'TOKEN_REMOVED';
  if (rv === CKR.MECHANISM_INVALID || rv === CKR.KEY_TYPE_INCONSISTENT || rv === CKR.KEY_FUNCTION_NOT_PERMITTED) return 'MECHANISM_UNSUPPORTED';
  if (rv === CKR.OBJECT_HANDLE_INVALID || rv === CKR.KEY_HANDLE_INVALID) return 'KEY_NOT_FOUND';
  return 'TOKEN_ERROR';
}

/** The CK_RV inside a thrown value, if it came from the module. */
export function ckrOf(error: unknown): number | undefined {
  return error instanceof Pkcs11Error ? error.code : undefined;
}

/** Wraps a binding error as a SignerError, saying what we were doing ("C_Login on token foo"). */
export function pkcs11Failure(error: unknown, doing: string): SignerError {
  if (error instanceof SignerError) return error;
  const rv = ckrOf(error);
  if (rv === undefined) {
    const text = error instanceof Error ? error.message : String(error);
    return new SignerError('TOKEN_ERROR', `${doing} failed: ${text}`, { cause: error });
  }
  return rvFailure(rv, doing, error);
}

/** A CK_RV the module returned, as a SignerError (also for failures reported by the signing thread). */
export function rvFailure(rv: number, doing: string, cause?: unknown): SignerError {
  return new SignerError(codeFor(rv), `${doing} failed: ${ckrName(rv)}`, { cause, ckr: rv });
}

/** Runs one Cryptoki call, rethrowing its failure as a SignerError. */
export function call<T>(doing: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw pkcs11Failure(error, doing);
  }
}
