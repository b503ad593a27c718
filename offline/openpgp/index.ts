export { fixCreationTime, knownCreationTime, openPgpStatePath } from './creation-times.ts';
export { exportOpenPgpCertificate, openPgpKeyOf } from './export-certificate.ts';
export type { ExportedCertificate } from './export-certificate.ts';
export { signSha256Digest } from './sign-digest.ts';
export { signDetached } from './sign-detached.ts';
export { openPgpTimesVerdict } from './item-times.ts';
export type { OpenPgpTimesInput } from './item-times.ts';
