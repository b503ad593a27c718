export { defaultStateDir, ensureDir, writeFileAtomic } from './files.ts';
export { lockStateDir } from './lock.ts';
export type { StateLock } from './lock.ts';
export { auditLogPath, policyStatePath } from './paths.ts';
