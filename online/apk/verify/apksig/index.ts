export { googleVerify, closeGoogleVerifier } from './google-verify.ts';
export { apksignerVerdict } from './apksigner-cli.ts';
export { ApksigProcess } from './process.ts';
export { buildApksigHelper } from './build.ts';
export type { ApksigHelper, HelperUnavailable } from './build.ts';
export type { GoogleVerdict, SdkRange } from './verdict.ts';
