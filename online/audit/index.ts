export { checkHeads } from './check-heads.ts';
export type { HeadProblem, HeadReport, ReceivedHead } from './check-heads.ts';
export { AuditCheckError } from './errors.ts';
export type { AuditCheckErrorCode } from './errors.ts';
