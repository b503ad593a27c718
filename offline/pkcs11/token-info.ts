/** CK_TOKEN_INFO with its padding trimmed and its flags spelled out. */
import type pkcs11js from 'pkcs11js';
import { CK } from './cryptoki.ts';

export interface TokenInfo {
  readonly label: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly initialized: boolean;
  readonly userPinInitialized: boolean;
  readonly loginRequired: boolean;
  readonly userPinCountLow: boolean;
  readonly userPinFinalTry: boolean;
  readonly userPinLocked: boolean;
  readonly minPinLength: number;
  readonly maxPinLength: number;
}

/** Cryptoki pads these fields with spaces; some modules (tpm2-pkcs11's model) pad with NULs. */
export function trimPadding(text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL padding is what is trimmed
  return text.replace(/[\s\u0000]+$/u, '').replace(/^[\u0000]+/u, '');
}

export function tokenInfoFrom(raw: pkcs11js.TokenInfo): TokenInfo {
  const flag = (f: number) => (raw.flags & f) !== 0;
  return {
    label: trimPadding(raw.label),
    manufacturer: trimPadding(raw.manufacturerID),
    model: trimPadding(raw.model),
    serial: trimPadding(raw.serialNumber),
    initialized: flag(CK.CKF_TOKEN_INITIALIZED),
    userPinInitialized: flag(CK.CKF_USER_PIN_INITIALIZED),
    loginRequired: flag(CK.CKF_LOGIN_REQUIRED),
    userPinCountLow: flag(CK.CKF_USER_PIN_COUNT_LOW),
    userPinFinalTry: flag(CK.CKF_USER_PIN_FINAL_TRY),
    userPinLocked: flag(CK.CKF_USER_PIN_LOCKED),
    minPinLength: raw.minPinLen,
    maxPinLength: raw.maxPinLen,
  };
}
