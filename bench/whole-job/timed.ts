/** A program run as a separate process under GNU time: wall clock, CPU and peak memory. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const PROGRAMS = { airsign: resolve(root, 'online/cli/airsign.js'), 'airsign-signer': resolve(root, 'offline/cli/airsign-signer.js') } as const;

export interface Measured {
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** Peak resident memory of the process (or of its largest child, e.g. the apksig JVM), MB. */
  readonly maxRssMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Measured {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', command, ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || line === null) throw new Error(`${command} ${args.slice(0, 2).join(' ')} failed (exit ${r.status}): ${r.stderr.slice(-1500)}`);
  return { seconds: Number(line[1]), cpuSeconds: Number(line[2]) + Number(line[3]), maxRssMb: Number(line[4]) / 1024, stdout: r.stdout, stderr: r.stderr };
}

export function timedProgram(program: keyof typeof PROGRAMS, args: readonly string[], env: NodeJS.ProcessEnv): Measured {
  return timed(process.execPath, [PROGRAMS[program], ...args], env);
}
