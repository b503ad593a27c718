/** Every command of `airsign-signer`, in the order help lists them. */
import type { Command } from '../../../protocol/cli/index.ts';
import { versionCommand } from './version.ts';

export const offlineCommands: readonly Command[] = [versionCommand];
