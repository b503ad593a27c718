/** Every command of `airsign`, in the order help lists them. */
import type { Command } from '../../../protocol/cli/index.ts';
import { approveCommand } from './approve.ts';
import { aptSignCommand } from './apt.ts';
import { attestCommand } from './attest.ts';
import { auditCheckCommand } from './audit-check.ts';
import { cancelCommand } from './cancel.ts';
import { certsAddCommand, certsListCommand } from './certs.ts';
import { demoCommand } from './demo.ts';
import { fdroidGpgsignCommand, fdroidIndexCommand, fdroidInitCommand, fdroidPublishCommand } from './fdroid.ts';
import { framesDecodeCommand } from './frames-decode.ts';
import { framesEncodeCommand } from './frames-encode.ts';
import { framesSimulateCommand } from './frames-simulate.ts';
import { inspectCommand } from './inspect.ts';
import { openPgpSignCommand } from './openpgp.ts';
import { receiveCommand } from './receive.ts';
import { requestCommand } from './request.ts';
import { serveCommand } from './serve.ts';
import { showCommand } from './show.ts';
import { statusCommand } from './status.ts';
import { verifyCommand } from './verify.ts';
import { versionCommand } from '../../../protocol/cli/index.ts';

export const onlineCommands: readonly Command[] = [
  requestCommand,
  attestCommand,
  approveCommand,
  openPgpSignCommand,
  showCommand,
  receiveCommand,
  statusCommand,
  cancelCommand,
  auditCheckCommand,
  fdroidInitCommand,
  fdroidIndexCommand,
  fdroidPublishCommand,
  fdroidGpgsignCommand,
  aptSignCommand,
  serveCommand,
  certsAddCommand,
  certsListCommand,
  framesEncodeCommand,
  framesDecodeCommand,
  framesSimulateCommand,
  inspectCommand,
  verifyCommand,
  demoCommand,
  versionCommand('airsign'),
];
