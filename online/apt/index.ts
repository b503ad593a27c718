export { aptReleaseEngine, releaseItem, checkInRelease } from './engine.ts';
export { requestAptSigning, releasePathOf, fingerprintHex, SIGNED_NAME } from './request.ts';
export type { AptSignOptions, AptSignResult } from './request.ts';
export { installAptSigned } from './install.ts';
export type { AptInstallResult } from './install.ts';
export { releaseSignedFiles } from './signed-files.ts';
export { AptError } from './errors.ts';
export type { AptErrorCode } from './errors.ts';
