/** The files of the state directory. */
import { join } from 'node:path';

export function auditLogPath(stateDir: string): string {
  return join(stateDir, 'audit.log');
}

export function policyStatePath(stateDir: string): string {
  return join(stateDir, 'policy-state.json');
}
