/**
 * The two programs the demo drives, each as its own process: `airsign` (this side) and
 * `airsign-signer` (the offline side; the demo runs from a checkout that holds both). The signer
 * runs in a network namespace of its own when the machine allows one, so its air-gap check
 * passes for real; otherwise it is told --allow-network, and the report says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DemoError } from './errors.ts';
import type { Invocation } from './processes.ts';

const AIRSIGN = resolve(import.meta.dirname, '../cli/airsign.js');
const SIGNER = resolve(import.meta.dirname, '../../offline/cli/airsign-signer.js');

export interface SignerIsolation {
  /** Command and arguments that start a program without a network. */
  readonly prefix: readonly string[];
  /** How the report describes it. */
  readonly description: string;
}

/** `unshare --net` as root; as anyone else, with a user namespace mapping them to root in it. */
export function findSignerIsolation(): SignerIsolation | undefined {
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? ['unshare', '--net'] : ['unshare', '--net', '--map-root-user'];
  const probe = spawnSync(prefix[0]!, [...prefix.slice(1), 'true'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) return undefined;
  return { prefix, description: 'in a network namespace of its own (no interface up), as on an air-gapped laptop' };
}

export class Programs {
  constructor(readonly isolation: SignerIsolation | undefined) {
    if (!existsSync(SIGNER)) throw new DemoError('PROGRAM_MISSING', `the demo runs from a checkout holding both programs; ${SIGNER} is missing`);
  }

  airsign(args: readonly string[]): Invocation {
    return { label: `airsign ${args[0] === 'frames' ? `frames ${args[1]}` : args[0]}`, command: process.execPath, args: [AIRSIGN, ...args] };
  }

  signer(args: readonly string[]): Invocation {
    const label = `airsign-signer ${args[0] === 'policy' ? 'policy init' : args[0]}`;
    const own = [process.execPath, SIGNER, ...args];
    if (this.isolation === undefined) {
      // Only sign checks the network; it is told why it may go on.
      return { label, command: own[0]!, args: [...own.slice(1), ...(args[0] === 'sign' ? ['--allow-network'] : [])] };
    }
    const [command, ...prefix] = this.isolation.prefix;
    return { label, command: command!, args: [...prefix, ...own] };
  }

  tool(command: string, args: readonly string[]): Invocation {
    return { label: command, command, args };
  }
}
