export { readRequest } from './read-request.ts';
export type { ReadRequest } from './read-request.ts';
export { writeAnswer } from './write-response.ts';
export { readMessageFile, readTransfer, writeMessageFile, readBoundedFile } from './message-file.ts';
export type { ReadMessage } from './message-file.ts';
export { linkFailure, linkErrorCode } from './link-error.ts';
