/** The two programs, run as separate processes as an operator runs them, timed; a failure stops the benchmark. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const PROGRAMS = { airsign: resolve(root, 'online/cli/airsign.js'), 'airsign-signer': resolve(root, 'offline/cli/airsign-signer.js') } as const;

export interface Timed {
  readonly lines: readonly string[];
  readonly seconds: number;
}

export function runProgram(program: keyof typeof PROGRAMS, args: readonly string[], env: NodeJS.ProcessEnv): Timed {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [PROGRAMS[program], ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${program} ${args[0] ?? ''} failed (exit ${r.status ?? r.signal}): ${r.stderr.trim().split('\n').at(-1) ?? ''}`);
  return { lines: r.stdout.split('\n').filter((l) => l.trim() !== ''), seconds };
}
