/**
 * Where the demo puts everything: one directory, split as the two machines would be. The online
 * side's inputs, session and signed files; the offline side's token, policy, state and audit log;
 * the videos that carried each message; and every command's log.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DemoError } from './errors.ts';

export interface DemoLayout {
  readonly root: string;
  /** Online: the artifacts as they arrive from the build. */
  readonly inputs: string;
  /** Online: the signing session (signed files land in its out/). */
  readonly session: string;
  readonly certificateMessage: string;
  /** Offline: SoftHSM2 configuration, token files, PIN file. */
  readonly hsm: string;
  readonly offlineState: string;
  readonly policy: string;
  readonly certificatePem: string;
  /** The QR videos: what each screen showed and what each camera captured. */
  readonly link: string;
  readonly logs: string;
}

export function openWorkDir(dir: string | undefined): DemoLayout {
  let root: string;
  if (dir === undefined) root = mkdtempSync(join(tmpdir(), 'airsign-demo-'));
  else {
    root = resolve(dir);
    mkdirSync(root, { recursive: true });
    if (readdirSync(root).length > 0) throw new DemoError('DIR_NOT_EMPTY', `${root} is not empty; the demo starts from nothing (give a new or empty --dir)`);
  }
  const at = (...parts: string[]) => join(root, ...parts);
  const layout: DemoLayout = {
    root,
    inputs: at('online', 'incoming'),
    session: at('online', 'session'),
    certificateMessage: at('online', 'certificate.msg'),
    hsm: at('offline', 'hsm'),
    offlineState: at('offline', 'state'),
    policy: at('offline', 'policy.json'),
    certificatePem: at('offline', 'release.pem'),
    link: at('link'),
    logs: at('logs'),
  };
  for (const d of [layout.inputs, layout.hsm, layout.offlineState, layout.link, layout.logs]) mkdirSync(d, { recursive: true });
  return layout;
}

/** The videos are most of the bytes (a 1280x720 y4m frame is 1.4 MB); the rest is kept. */
export function removeVideos(layout: DemoLayout): void {
  rmSync(layout.link, { recursive: true, force: true });
}
