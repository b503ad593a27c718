import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import type { Command } from '../../../protocol/cli/index.ts';
import { intOption, stringOption } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { ApkError, verifyArtifact } from '../../apk/index.ts';
import { apksignerLines } from './apksigner-lines.ts';
import { verifyOpenPgp } from './verify-openpgp.ts';

function readCertificate(path: string): Uint8Array {
  try {
    return new Uint8Array(new X509Certificate(readFileSync(path)).raw);
  } catch (cause) {
    throw new ProtocolError('USAGE', `--cert ${path} is not a readable PEM or DER certificate`, { cause, fields: ['cert'] });
  }
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check the v1, v2 and v3 signatures of an APK or index JAR as apksigner does; with --key, a detached OpenPGP signature (<file.asc> [<file>])',
  usage: '<file> | --key key.asc <file.asc|file.sig> [<file>]',
  options: {
    key: { type: 'string', value: 'FILE', description: 'check a detached OpenPGP signature (.asc or .sig) by the key of this OpenPGP certificate (airsign-signer export-openpgp, or gpg --export); the signed file is the signature\'s name less .asc/.sig unless given' },
    cert: { type: 'string', value: 'PEM', description: 'require this signer certificate (PEM or DER)' },
    'min-sdk-version': { type: 'string', value: 'N', description: "check from this API level instead of the APK's minSdkVersion (JARs: 23)" },
    json: { type: 'boolean', description: 'print the report as JSON' },
    'print-certs': { type: 'boolean', description: 'print each signer certificate\'s DN and SHA-256, SHA-1 and MD5 digests, as apksigner does' },
    verbose: { type: 'boolean', short: 'v', description: 'print the schemes verified and the number of signers (with --print-certs also each key), as apksigner -v does' },
  },
  positionals: { min: 1, max: 2 },
  async run(ctx) {
    const keyPath = stringOption(ctx.options, 'key');
    if (keyPath !== undefined) return verifyOpenPgp(ctx, keyPath);
    if (ctx.positionals.length > 1) throw new ProtocolError('USAGE', 'verify takes one APK or JAR; two files are for a detached OpenPGP signature, with --key');
    const certPath = stringOption(ctx.options, 'cert');
    const minSdk = intOption(ctx.options, 'min-sdk-version', 1, 10000);
    await stat(ctx.positionals[0]!); // a missing file is one line naming it, not a report of absent schemes
    const apksignerStyle = ctx.options.verbose === true || ctx.options['print-certs'] === true;
    const report = await verifyArtifact(ctx.positionals[0]!, {
      ...(certPath === undefined ? {} : { certificateDer: readCertificate(certPath) }),
      ...(minSdk === undefined ? {} : { minSdkVersion: minSdk }),
    });
    if (ctx.options.json === true) {
      ctx.out(JSON.stringify(report, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value), 2));
    } else if (apksignerStyle) {
      if (report.ok) for (const line of apksignerLines(report, { verbose: ctx.options.verbose === true, printCerts: ctx.options['print-certs'] === true })) ctx.out(line);
    } else {
      for (const s of ['v1', 'v2', 'v3'] as const) {
        const r = report.schemes[s];
        ctx.out(`${s}: ${r.present ? (r.verified ? 'verified' : 'FAILED') : 'absent'}`);
      }
      for (const s of report.signers) ctx.out(`signer certificate SHA-256: ${s}`);
    }
    if (!report.ok) {
      const first = report.problems[0];
      const more = report.problems.length > 1 ? ` (and ${report.problems.length - 1} more problem(s))` : '';
      throw new ApkError('VERIFY_FAILED', `${report.path} does not verify: ${first?.message ?? 'unknown reason'}${more}`);
    }
    if (!apksignerStyle) ctx.out('verified');
    return 0;
  },
};
