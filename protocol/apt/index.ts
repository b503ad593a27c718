export { parseRelease, releaseNames, releaseSuite, MAX_RELEASE_BYTES, CHECKSUM_FIELDS } from './release.ts';
export type { ReleaseFile, ChecksumField } from './release.ts';
export { parseReleaseDate } from './date.ts';
export { ReleaseFileError, isReleaseFileError } from './errors.ts';
export type { ReleaseProblem } from './errors.ts';
