/** The offline signer as a library (the signer page uses it): open, review, log in, sign, close. */
export { OfflineSigner } from './signing/index.ts';
export type { OfflineSignerOptions, Review, ReviewItem, SignOptions } from './signing/index.ts';
export { loadPolicy, parsePolicy } from './policy/index.ts';
export type { Policy, Verdict } from './policy/index.ts';
export { readTransfer, readRequest, writeAnswer } from './link/index.ts';
export { reviewLines, summarize, shortDigest } from './operator/index.ts';
export { parsePkcs11Uri, formatPkcs11Uri, DEFAULT_MODULE } from './pkcs11/index.ts';
export type { Pkcs11Uri, TokenKey } from './pkcs11/index.ts';
export { verifyAuditLog } from './audit/index.ts';
export { interfacesUp } from './airgap/index.ts';
export { defaultStateDir } from './state/index.ts';
export { SignerError, isSignerError } from './errors.ts';
export type { SignerErrorCode } from './errors.ts';
