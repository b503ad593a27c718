/** Runs the real `airsign-signer` program, as an operator would. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
export const SIGNER_BIN = resolve(root, 'offline/cli/airsign-signer.js');

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Last line of stdout. */
  readonly last: string;
}

export function signerCli(args: readonly string[], env: NodeJS.ProcessEnv, input?: string): RunResult {
  const r = spawnSync(process.execPath, [SIGNER_BIN, ...args], { encoding: 'utf8', env, input, timeout: 120_000 });
  const lines = r.stdout.trimEnd().split('\n');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, last: lines[lines.length - 1] ?? '' };
}
