export { openPgpEngine, openPgpKeyOfPin } from './engine.ts';
export { readOpenPgpKeyFile, pinForKeyFile, certificateHasKey } from './key-file.ts';
export type { OpenPgpKeyFile } from './key-file.ts';
export { verifyDetached, readDetachedSignature } from './verify-detached.ts';
export type { DetachedVerdict } from './verify-detached.ts';
export { hashFileForSignature } from './hash-file.ts';
export { keyObjectOf } from './key-object.ts';
export { OpenPgpError } from './errors.ts';
export type { OpenPgpErrorCode } from './errors.ts';
