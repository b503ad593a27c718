/** Every command of `airsign`, in the order help lists them. */
import type { Command } from '../../../protocol/cli/index.ts';
import { framesSimulateCommand } from './frames-simulate.ts';
import { versionCommand } from './version.ts';

export const onlineCommands: readonly Command[] = [versionCommand, framesSimulateCommand];
