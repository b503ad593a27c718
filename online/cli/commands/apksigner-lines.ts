/**
 * `airsign verify -v` / `--print-certs` output, line for line as Google's `apksigner verify` prints
 * it (compared against apksigner 0.9 on the same files in test/online/cli/verify-print-certs.test.ts):
 * "Verifies", "Verified using vN scheme (...): true|false", "Number of signers: N", then per
 * signer its certificate DN (Java's order: the last RDN first), SHA-256, SHA-1 and MD5 digests, and
 * with -v its key algorithm, key size and public key digests. v4 and SourceStamp lines are left
 * out: airsign checks neither.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { V2_MIN_SDK } from '../../apk/index.ts';
import type { VerifyReport } from '../../apk/index.ts';

const SCHEME_NAMES = { v1: 'v1 scheme (JAR signing)', v2: 'v2 scheme (APK Signature Scheme v2)', v3: 'v3 scheme (APK Signature Scheme v3)' } as const;

const digest = (algorithm: string, bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('hex');

/** The subject as Java's X500Principal prints it: RDNs from the last to the first, ", " between. */
function javaDn(cert: X509Certificate): string {
  return cert.subject.split('\n').reverse().join(', ');
}

function keyLines(n: number, cert: X509Certificate): string[] {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const algorithm = key.asymmetricKeyType === 'rsa' ? 'RSA' : key.asymmetricKeyType === 'ec' ? 'EC' : (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
  const bits = details.modulusLength ?? (details.namedCurve === undefined ? undefined : curveBits[details.namedCurve]);
  const spki = new Uint8Array(key.export({ type: 'spki', format: 'der' }));
  return [
    `Signer #${n} key algorithm: ${algorithm}`,
    ...(bits === undefined ? [] : [`Signer #${n} key size (bits): ${bits}`]),
    `Signer #${n} public key SHA-256 digest: ${digest('sha256', spki)}`,
    `Signer #${n} public key SHA-1 digest: ${digest('sha1', spki)}`,
    `Signer #${n} public key MD5 digest: ${digest('md5', spki)}`,
  ];
}

export function apksignerLines(report: VerifyReport, options: { verbose: boolean; printCerts: boolean }): string[] {
  const lines: string[] = [];
  if (options.verbose) {
    lines.push('Verifies');
    for (const s of ['v1', 'v2', 'v3'] as const) {
      // apksigner checks v1 only for platforms that need it (below API 24, with a v2/v3 signature present), and says false otherwise.
      const checked = s !== 'v1' || report.minSdkVersion < V2_MIN_SDK || (!report.schemes.v2.present && !report.schemes.v3.present);
      lines.push(`Verified using ${SCHEME_NAMES[s]}: ${checked && report.schemes[s].present && report.schemes[s].verified}`);
    }
    lines.push(`Number of signers: ${report.signerCertificates.length}`);
  }
  if (options.printCerts) {
    report.signerCertificates.forEach((der, i) => {
      const n = i + 1;
      const cert = new X509Certificate(der);
      lines.push(
        `Signer #${n} certificate DN: ${javaDn(cert)}`,
        `Signer #${n} certificate SHA-256 digest: ${digest('sha256', der)}`,
        `Signer #${n} certificate SHA-1 digest: ${digest('sha1', der)}`,
        `Signer #${n} certificate MD5 digest: ${digest('md5', der)}`,
      );
      if (options.verbose) lines.push(...keyLines(n, cert));
    });
  }
  return lines;
}
