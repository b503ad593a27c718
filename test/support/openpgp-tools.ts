/** The OpenPGP oracles: GnuPG (in its own temporary GNUPGHOME) and Sequoia's sq. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function present(command: string): boolean {
  return spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;
}

export const hasGpg = present('gpg');
export const hasSq = present('sq');
/** Why the OpenPGP oracle tests are skipped, or undefined. */
export const openPgpToolsMissing = !hasGpg ? 'gpg (Debian gnupg) is not installed' : !hasSq ? 'sq (Debian sq) is not installed' : undefined;

export interface Run {
  readonly status: number | null;
  readonly output: string;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Run {
  const r = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (r.error !== undefined) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A fresh, private GnuPG home; gpg runs with it and without an agent prompt. */
export class GpgHome {
  readonly dir = mkdtempSync(join(tmpdir(), 'airsign-gnupg-'));

  gpg(args: readonly string[]): Run {
    return run('gpg', ['--homedir', this.dir, '--batch', '--no-tty', '--with-colons', ...args], { ...process.env, GNUPGHOME: this.dir });
  }

  import(file: string): Run {
    return this.gpg(['--import', '--import-options', 'import-show', file]);
  }

  /** The fingerprints and user IDs gpg --list-keys shows, from its colon listing. */
  listKeys(): { fingerprints: string[]; userIds: string[]; output: string } {
    const r = this.gpg(['--list-keys']);
    const lines = r.output.split('\n').map((l) => l.split(':'));
    return {
      fingerprints: lines.filter((f) => f[0] === 'fpr').map((f) => f[9]!.toLowerCase()),
      userIds: lines.filter((f) => f[0] === 'uid').map((f) => f[9]!),
      output: r.output,
    };
  }

  verify(signature: string, file: string): Run {
    return this.gpg(['--status-fd', '1', '--verify', signature, file]);
  }

  /** Stops the gpg-agent gpg started for this home (it outlives gpg otherwise) and removes the home. */
  remove(): void {
    spawnSync('gpgconf', ['--homedir', this.dir, '--kill', 'all'], { env: { ...process.env, GNUPGHOME: this.dir }, timeout: 60_000 });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function sqInspect(file: string): Run {
  return run('sq', ['inspect', file]);
}

export function sqVerify(certificate: string, signature: string, file: string): Run {
  return run('sq', ['verify', '--signer-cert', certificate, '--detached', signature, file]);
}
