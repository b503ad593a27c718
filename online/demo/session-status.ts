/**
 * What the online side says about the demo's session, read the way a script would: the request
 * paths `airsign request` and `airsign receive` print last, and `airsign status --json`.
 */
import { isAbsolute, resolve } from 'node:path';
import { DemoError } from './errors.ts';
import type { ProcessRunner } from './processes.ts';
import type { Programs } from './programs.ts';

/** The request files among a command's output lines: absolute paths of .msg files. */
export function requestPathsIn(lines: readonly string[]): string[] {
  return lines.map((l) => l.trim()).filter((l) => isAbsolute(l) && l.endsWith('.msg'));
}

export interface ReadyArtifact {
  readonly fileName: string;
  readonly name: string;
  readonly version: string;
  /** The signed file. */
  readonly path: string;
}

interface StatusArtifact {
  readonly fileName: string;
  readonly state: string;
  readonly name?: string;
  readonly versionCode?: number;
  readonly versionName?: string;
  readonly output?: string;
  readonly failure?: { readonly code: string; readonly message: string };
}

/** Every artifact of the session, which must all be signed and ready. */
export function readSessionStatus(runner: ProcessRunner, programs: Programs, session: string): ReadyArtifact[] {
  const out = runner.run(programs.airsign(['status', session, '--all', '--json']));
  let artifacts: StatusArtifact[];
  try {
    artifacts = (JSON.parse(out.stdout) as { artifacts: StatusArtifact[] }).artifacts;
  } catch (cause) {
    throw new DemoError('UNEXPECTED_OUTPUT', `airsign status --json printed no JSON [log: ${out.log}]`, { cause });
  }
  return artifacts.map((a) => {
    if (a.state !== 'ready' || a.output === undefined) {
      const why = a.failure === undefined ? `is ${a.state}` : `failed: ${a.failure.code}: ${a.failure.message}`;
      throw new DemoError('STEP_FAILED', `${a.fileName} ${why}`);
    }
    const version = a.fileName.endsWith('.jar') ? `index ${new Date(a.versionCode ?? 0).toISOString()}` : `${a.versionCode ?? '?'} (${a.versionName ?? ''})`;
    return { fileName: a.fileName, name: a.name ?? a.fileName, version, path: resolve(session, a.output) };
  });
}
