export { AuditLog } from './log.ts';
export type { AuditHead } from './log.ts';
export { AuditRecord, GENESIS, canonicalJson, recordHash } from './record.ts';
export type { AuditEntry } from './record.ts';
export { verifyAuditLog } from './verify.ts';
export type { AuditReport } from './verify.ts';
export { scanAuditLog, MAX_RECORD_BYTES } from './scan.ts';
export type { Anchor, Problem, ProblemKind, ScanResult } from './scan.ts';
