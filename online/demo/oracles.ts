/**
 * The signed files checked by tools no one here wrote: Google's apksigner for APKs, the JDK's
 * jarsigner (and keytool, for the signer's certificate) for index JARs. A file that does not
 * verify, or verifies under another certificate than the ceremony's, is a VERIFY_FAILED.
 */
import { DemoError } from './errors.ts';
import type { ProcessRunner } from './processes.ts';

export interface OracleVerdict {
  /** The tool's own words, e.g. "apksigner verify: v2, v3". */
  readonly summary: string;
  readonly schemes: readonly string[];
  /** SHA-256 of the signer certificate, lowercase hex without separators. */
  readonly certificateSha256: string;
}

const SCHEME_LINE = /^Verified using (v[\d.]+) scheme .*: true$/;
const APK_CERT_LINE = /^Signer #1 certificate SHA-256 digest: ([0-9a-f]{64})$/;
const KEYTOOL_SHA256 = /^\s*SHA256: ([0-9A-F:]{95})$/;

function expectCertificate(file: string, found: string | undefined, expected: string): string {
  if (found === undefined) throw new DemoError('VERIFY_FAILED', `${file}: the verifier named no signer certificate`);
  if (found !== expected) throw new DemoError('VERIFY_FAILED', `${file} is signed by certificate ${found}, not the key ceremony's ${expected}`);
  return found;
}

export function verifyApk(runner: ProcessRunner, apk: string, expectedSha256: string): OracleVerdict {
  const out = runner.run({ label: 'apksigner verify', command: 'apksigner', args: ['verify', '-v', '--print-certs', apk] });
  const schemes = out.lines.map((l) => SCHEME_LINE.exec(l.trim())?.[1]).filter((s): s is string => s !== undefined);
  if (!out.lines.some((l) => l.trim() === 'Verifies') || schemes.length === 0) throw new DemoError('VERIFY_FAILED', `apksigner does not verify ${apk} [log: ${out.log}]`);
  const cert = out.lines.map((l) => APK_CERT_LINE.exec(l.trim())?.[1]).find((c) => c !== undefined);
  return { summary: `apksigner verify: verifies (${schemes.join(', ')})`, schemes, certificateSha256: expectCertificate(apk, cert, expectedSha256) };
}

export function verifyJar(runner: ProcessRunner, jar: string, expectedSha256: string): OracleVerdict {
  const out = runner.run({ label: 'jarsigner -verify', command: 'jarsigner', args: ['-verify', jar] });
  // jarsigner exits 0 for an unsigned JAR too; only these words mean it checked a signature.
  if (!out.lines.some((l) => l.trim() === 'jar verified.')) throw new DemoError('VERIFY_FAILED', `jarsigner does not verify ${jar} [log: ${out.log}]`);
  const certs = runner.run({ label: 'keytool -printcert', command: 'keytool', args: ['-printcert', '-jarfile', jar] });
  const cert = certs.lines.map((l) => KEYTOOL_SHA256.exec(l)?.[1]).find((c) => c !== undefined)?.replaceAll(':', '').toLowerCase();
  return { summary: 'jarsigner -verify: jar verified', schemes: ['v1'], certificateSha256: expectCertificate(jar, cert, expectedSha256) };
}
