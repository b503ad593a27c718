/** Every command of `airsign`, in the order help lists them. */
import type { Command } from '../../../protocol/cli/index.ts';
import { demoCommand } from './demo.ts';
import { framesDecodeCommand } from './frames-decode.ts';
import { framesEncodeCommand } from './frames-encode.ts';
import { framesSimulateCommand } from './frames-simulate.ts';
import { inspectCommand } from './inspect.ts';
import { verifyCommand } from './verify.ts';
import { versionCommand } from './version.ts';

export const onlineCommands: readonly Command[] = [
  versionCommand,
  inspectCommand,
  verifyCommand,
  framesEncodeCommand,
  framesDecodeCommand,
  framesSimulateCommand,
  demoCommand,
];
