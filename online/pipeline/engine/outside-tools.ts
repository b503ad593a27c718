/**
 * Verification by tools no one here wrote: Google's apksigner for APKs (and for index JARs, as
 * F-Droid checks them, at API levels 23-24), and the JDK's jarsigner for JARs. A tool that is not
 * installed is skipped; one that is installed must accept the file and name the pinned signer.
 */
import { execFile } from 'node:child_process';
import type { ArtifactFacts, PinnedCertificate } from '../../store/index.ts';
import { VerificationError } from './errors.ts';

interface Run {
  readonly code: number;
  readonly output: string;
}

function run(tool: string, args: readonly string[]): Promise<Run | undefined> {
  return new Promise((resolve) => {
    execFile(tool, args, { maxBuffer: 4 * 1024 * 1024, timeout: 5 * 60_000 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') resolve(undefined);
      else resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` });
    });
  });
}

function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 3).join(' / ');
}

async function apksigner(file: string, pin: PinnedCertificate, sdkRange: readonly string[] = []): Promise<void> {
  const r = await run('apksigner', ['verify', '--print-certs', ...sdkRange, file]);
  if (r === undefined) return;
  if (r.code !== 0) throw new VerificationError('OUTSIDE_TOOL_REFUSED', `apksigner verify refused it: ${firstLines(r.output)}`);
  if (!r.output.toLowerCase().includes(`certificate sha-256 digest: ${pin.sha256}`)) {
    throw new VerificationError('OUTSIDE_TOOL_REFUSED', 'apksigner verify does not report the pinned certificate as the signer');
  }
}

async function jarsigner(file: string): Promise<void> {
  const r = await run('jarsigner', ['-verify', file]);
  if (r === undefined) return;
  if (r.code !== 0 || !r.output.includes('jar verified.')) throw new VerificationError('OUTSIDE_TOOL_REFUSED', `jarsigner -verify refused it: ${firstLines(r.output)}`);
}

export async function verifyWithOutsideTools(file: string, facts: ArtifactFacts, pin: PinnedCertificate): Promise<void> {
  if (facts.kind === 'jar') {
    await jarsigner(file);
    // A JAR has no manifest to take the SDK range from: name it, as F-Droid's checks of index JARs do.
    await apksigner(file, pin, ['--min-sdk-version', '23', '--max-sdk-version', '24']);
  } else {
    await apksigner(file, pin);
  }
}
