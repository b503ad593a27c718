/**
 * The only file that touches the native binding. Everything else in offline/ goes through the
 * Cryptoki-shaped types of this folder (module, slot, token, session, object).
 */
import pkcs11js from 'pkcs11js';

export type Binding = pkcs11js.PKCS11;
export type Handle = Buffer;
export type Template = pkcs11js.Template;
export type Mechanism = pkcs11js.Mechanism;

export const { PKCS11, Pkcs11Error } = pkcs11js;

/** The Cryptoki constants this signer uses, named as the standard names them. */
export const CK = {
  CKF_OS_LOCKING_OK: pkcs11js.CKF_OS_LOCKING_OK,
  CKF_SERIAL_SESSION: pkcs11js.CKF_SERIAL_SESSION,
  CKF_RW_SESSION: pkcs11js.CKF_RW_SESSION,
  CKU_USER: pkcs11js.CKU_USER,

  CKF_TOKEN_INITIALIZED: pkcs11js.CKF_TOKEN_INITIALIZED,
  CKF_USER_PIN_INITIALIZED: pkcs11js.CKF_USER_PIN_INITIALIZED,
  CKF_LOGIN_REQUIRED: pkcs11js.CKF_LOGIN_REQUIRED,
  CKF_USER_PIN_COUNT_LOW: pkcs11js.CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY: pkcs11js.CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_LOCKED: pkcs11js.CKF_USER_PIN_LOCKED,
  CKF_SIGN: pkcs11js.CKF_SIGN,

  CKO_CERTIFICATE: pkcs11js.CKO_CERTIFICATE,
  CKO_PUBLIC_KEY: pkcs11js.CKO_PUBLIC_KEY,
  CKO_PRIVATE_KEY: pkcs11js.CKO_PRIVATE_KEY,
  CKO_SECRET_KEY: pkcs11js.CKO_SECRET_KEY,
  CKO_DATA: pkcs11js.CKO_DATA,
  CKC_X_509: pkcs11js.CKC_X_509,
  CKK_RSA: pkcs11js.CKK_RSA,
  CKK_EC: pkcs11js.CKK_EC,

  CKA_CLASS: pkcs11js.CKA_CLASS,
  CKA_TOKEN: pkcs11js.CKA_TOKEN,
  CKA_PRIVATE: pkcs11js.CKA_PRIVATE,
  CKA_LABEL: pkcs11js.CKA_LABEL,
  CKA_ID: pkcs11js.CKA_ID,
  CKA_VALUE: pkcs11js.CKA_VALUE,
  CKA_KEY_TYPE: pkcs11js.CKA_KEY_TYPE,
  CKA_CERTIFICATE_TYPE: pkcs11js.CKA_CERTIFICATE_TYPE,
  CKA_SUBJECT: pkcs11js.CKA_SUBJECT,
  CKA_ISSUER: pkcs11js.CKA_ISSUER,
  CKA_SERIAL_NUMBER: pkcs11js.CKA_SERIAL_NUMBER,
  CKA_SIGN: pkcs11js.CKA_SIGN,
  CKA_ENCRYPT: pkcs11js.CKA_ENCRYPT,
  CKA_DECRYPT: pkcs11js.CKA_DECRYPT,
  CKA_WRAP: pkcs11js.CKA_WRAP,
  CKA_UNWRAP: pkcs11js.CKA_UNWRAP,
  CKA_DERIVE: pkcs11js.CKA_DERIVE,
  CKA_VERIFY: pkcs11js.CKA_VERIFY,
  CKA_SENSITIVE: pkcs11js.CKA_SENSITIVE,
  CKA_EXTRACTABLE: pkcs11js.CKA_EXTRACTABLE,
  CKA_ALWAYS_SENSITIVE: pkcs11js.CKA_ALWAYS_SENSITIVE,
  CKA_NEVER_EXTRACTABLE: pkcs11js.CKA_NEVER_EXTRACTABLE,
  CKA_MODIFIABLE: pkcs11js.CKA_MODIFIABLE,
  CKA_MODULUS: pkcs11js.CKA_MODULUS,
  CKA_MODULUS_BITS: pkcs11js.CKA_MODULUS_BITS,
  CKA_PUBLIC_EXPONENT: pkcs11js.CKA_PUBLIC_EXPONENT,
  CKA_EC_PARAMS: pkcs11js.CKA_EC_PARAMS,
  CKA_EC_POINT: pkcs11js.CKA_EC_POINT,

  CKM_RSA_PKCS_KEY_PAIR_GEN: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN,
  CKM_EC_KEY_PAIR_GEN: pkcs11js.CKM_EC_KEY_PAIR_GEN,
  CKM_RSA_PKCS: pkcs11js.CKM_RSA_PKCS,
  CKM_SHA1_RSA_PKCS: pkcs11js.CKM_SHA1_RSA_PKCS,
  CKM_SHA256_RSA_PKCS: pkcs11js.CKM_SHA256_RSA_PKCS,
  CKM_SHA512_RSA_PKCS: pkcs11js.CKM_SHA512_RSA_PKCS,
  CKM_ECDSA: pkcs11js.CKM_ECDSA,
  CKM_ECDSA_SHA1: pkcs11js.CKM_ECDSA_SHA1,
  CKM_ECDSA_SHA256: pkcs11js.CKM_ECDSA_SHA256,
  CKM_ECDSA_SHA512: pkcs11js.CKM_ECDSA_SHA512,
} as const;

/** Looks up the standard name of a CK_RV value, for messages ("CKR_PIN_INCORRECT"). */
export function ckrName(rv: number): string {
  for (const [name, value] of Object.entries(pkcs11js)) {
    if (name.startsWith('CKR_') && value === rv) return name;
  }
  return `CKR_0x${rv.toString(16)}`;
}

/** Looks up the standard name of a mechanism, for tables and messages ("CKM_SHA256_RSA_PKCS"). */
export function ckmName(mechanism: number): string {
  for (const [name, value] of Object.entries(pkcs11js)) {
    if (name.startsWith('CKM_') && value === mechanism) return name;
  }
  return `CKM_0x${mechanism.toString(16)}`;
}

export const CKR = {
  PIN_INCORRECT: pkcs11js.CKR_PIN_INCORRECT,
  PIN_LOCKED: pkcs11js.CKR_PIN_LOCKED,
  PIN_LEN_RANGE: pkcs11js.CKR_PIN_LEN_RANGE,
  PIN_INVALID: pkcs11js.CKR_PIN_INVALID,
  PIN_EXPIRED: pkcs11js.CKR_PIN_EXPIRED,
  USER_ALREADY_LOGGED_IN: pkcs11js.CKR_USER_ALREADY_LOGGED_IN,
  USER_PIN_NOT_INITIALIZED: pkcs11js.CKR_USER_PIN_NOT_INITIALIZED,
  DEVICE_REMOVED: pkcs11js.CKR_DEVICE_REMOVED,
  DEVICE_ERROR: pkcs11js.CKR_DEVICE_ERROR,
  TOKEN_NOT_PRESENT: pkcs11js.CKR_TOKEN_NOT_PRESENT,
  TOKEN_NOT_RECOGNIZED: pkcs11js.CKR_TOKEN_NOT_RECOGNIZED,
  SESSION_HANDLE_INVALID: pkcs11js.CKR_SESSION_HANDLE_INVALID,
  SESSION_CLOSED: pkcs11js.CKR_SESSION_CLOSED,
  SLOT_ID_INVALID: pkcs11js.CKR_SLOT_ID_INVALID,
  OBJECT_HANDLE_INVALID: pkcs11js.CKR_OBJECT_HANDLE_INVALID,
  KEY_HANDLE_INVALID: pkcs11js.CKR_KEY_HANDLE_INVALID,
  USER_NOT_LOGGED_IN: pkcs11js.CKR_USER_NOT_LOGGED_IN,
  MECHANISM_INVALID: pkcs11js.CKR_MECHANISM_INVALID,
  KEY_TYPE_INCONSISTENT: pkcs11js.CKR_KEY_TYPE_INCONSISTENT,
  KEY_FUNCTION_NOT_PERMITTED: pkcs11js.CKR_KEY_FUNCTION_NOT_PERMITTED,
  CRYPTOKI_ALREADY_INITIALIZED: pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED,
} as const;
