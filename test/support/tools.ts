/** The outside oracles the APK tests call: apksigner, zipalign, jarsigner, aapt. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function tool(command: string, args: readonly string[]): ToolResult {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `apksigner verify -v`: whether it verifies, and which schemes it says verified. */
export function apksignerVerify(path: string, extra: readonly string[] = []): { ok: boolean; schemes: string[]; output: string; certSha256: string[] } {
  const r = tool('apksigner', ['verify', '-v', '--print-certs', ...extra, path]);
  const output = r.stdout + r.stderr;
  const schemes = [...output.matchAll(/Verified using (v\d) scheme[^:]*: true/g)].map((m) => m[1]!);
  const certSha256 = [...output.matchAll(/Signer #\d+ certificate SHA-256 digest: ([0-9a-f]{64})/g)].map((m) => m[1]!);
  return { ok: r.status === 0 && /^Verifies/m.test(output), schemes, output, certSha256 };
}

export function zipalignOk(path: string): boolean {
  return tool('zipalign', ['-c', '-p', '4', path]).status === 0;
}

/**
 * `jarsigner -verify`. The JDK disables SHA-1 JAR signatures (jdk.jar.disabledAlgorithms) and then
 * calls a jar unsigned; `allowSha1` lifts that one entry (the rest of the JDK's list stays), for
 * APKs whose minSdk below 18 needs SHA-1, to check the signature itself.
 */
export function jarsignerVerify(path: string, options: { readonly allowSha1?: boolean } = {}): { ok: boolean; output: string } {
  const extra: string[] = [];
  if (options.allowSha1 === true) {
    const properties = join(scratchDir('jdk-security'), 'sha1.properties');
    writeFileSync(properties, 'jdk.jar.disabledAlgorithms=MD2, MD5, RSA keySize < 1024, DSA keySize < 1024, include jdk.disabled.namedCurves\n');
    extra.push(`-J-Djava.security.properties=${properties}`);
  }
  const r = tool('jarsigner', [...extra, '-verify', path]);
  const output = r.stdout + r.stderr;
  return { ok: r.status === 0 && /jar verified\./.test(output), output };
}

export function scratchDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `airsign-${label}-`));
}
