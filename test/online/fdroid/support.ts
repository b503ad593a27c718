/** The outside parts the F-Droid tests use: fdroidserver's command and Python API, the two programs. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../../..');

export const hasFdroidserver = spawnSync('/usr/bin/python3', ['-c', 'import fdroidserver.index, fdroidserver.apksigcopier'], { stdio: 'ignore' }).status === 0 && spawnSync('fdroid', ['--version'], { stdio: 'ignore' }).status === 0;

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly last: string;
}

export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(command, args, { cwd: options.cwd ?? root, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}

export function airsign(args: readonly string[], env?: NodeJS.ProcessEnv): Run {
  return run(process.execPath, [join(root, 'online/cli/airsign.js'), ...args], env === undefined ? {} : { env });
}

export function signer(args: readonly string[], env?: NodeJS.ProcessEnv): Run {
  return run(process.execPath, [join(root, 'offline/cli/airsign-signer.js'), ...args], env === undefined ? {} : { env });
}

/** fdroidserver's Python API: `code` runs with sys.argv[1:] = args and prints JSON on its last line. */
export function fdroidPython<T>(code: string, args: readonly string[]): T {
  const r = run('/usr/bin/python3', ['-c', `import sys, json\n${code}`, ...args]);
  if (r.code !== 0) throw new Error(`fdroidserver said: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(r.last) as T;
}

/** A minimal metadata file, so fdroid publish and fdroid update know the app. */
export function metadataYml(name: string): string {
  return `License: Apache-2.0\nName: ${name}\nAutoName: ${name}\nSummary: ${name} for the airsign tests\n`;
}
