/** Every command of `airsign-signer`, in the order help lists them. */
import type { Command } from '../../../protocol/cli/index.ts';
import { auditVerifyCommand } from './audit-verify.ts';
import { exportCertCommand } from './export-cert.ts';
import { exportOpenPgpCommand } from './export-openpgp.ts';
import { keygenCommand } from './keygen.ts';
import { keysCommand } from './keys.ts';
import { mechanismsCommand } from './mechanisms.ts';
import { policyInitCommand } from './policy-init.ts';
import { serveCommand } from './serve.ts';
import { signCommand } from './sign.ts';
import { versionCommand } from '../../../protocol/cli/index.ts';

export const offlineCommands: readonly Command[] = [
  signCommand,
  serveCommand,
  keygenCommand,
  keysCommand,
  exportCertCommand,
  exportOpenPgpCommand,
  policyInitCommand,
  auditVerifyCommand,
  mechanismsCommand,
  versionCommand('airsign-signer'),
];
