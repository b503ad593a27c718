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

export function tokenInfoFrom(raw: pkcs11js.TokenInfo): TokenInfo {
  const flag = (f: number) => (raw.flags & f) !== 0;
  return {
    label: raw.label.trimEnd(),
    manufacturer: raw.manufacturerID.trimEnd(),
    model: raw.model.trimEnd(),
    serial: raw.serialNumber.trimEnd(),
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
