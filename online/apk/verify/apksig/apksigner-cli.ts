/** The fallback: one `apksigner verify` process for one file, its output read into a verdict. */
import { execFile } from 'node:child_process';
import type { GoogleVerdict, SdkRange } from './verdict.ts';

function errorsOf(output: string, exitedZero: boolean): string[] {
  const errors = [...output.matchAll(/^ERROR: .*$/gm)].map((m) => m[0]);
  if (errors.length === 0 && !exitedZero) errors.push(output.trim().split('\n')[0] ?? 'apksigner failed');
  return errors;
}

/** Resolves to undefined when apksigner is not installed. */
export function apksignerVerdict(path: string, range: SdkRange = {}): Promise<GoogleVerdict | undefined> {
  const args = ['verify', '-v', '--print-certs'];
  if (range.minSdk !== undefined) args.push('--min-sdk-version', String(range.minSdk));
  if (range.maxSdk !== undefined) args.push('--max-sdk-version', String(range.maxSdk));
  return new Promise((resolve) => {
    execFile('apksigner', [...args, path], { maxBuffer: 4 * 1024 * 1024, timeout: 5 * 60_000 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        resolve(undefined);
        return;
      }
      const output = `${stdout}${stderr}`;
      const scheme = (n: number) => new RegExp(`^Verified using v${n} scheme[^:]*: true`, 'm').test(output);
      resolve({
        tool: 'apksigner',
        verified: error === null && /^Verifies/m.test(output),
        signers: [...output.matchAll(/^Signer #\d+ certificate SHA-256 digest: ([0-9a-f]{64})/gm)].map((m) => m[1]!),
        errors: errorsOf(output, error === null),
        schemes: { v1: scheme(1), v2: scheme(2), v3: scheme(3) },
      });
    });
  });
}
