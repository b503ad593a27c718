import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { Command } from '../../../protocol/cli/index.ts';
import { intOption, stringOption } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { ApkError, verifyArtifact } from '../../apk/index.ts';

function readCertificate(path: string): Uint8Array {
  try {
    return new Uint8Array(new X509Certificate(readFileSync(path)).raw);
  } catch (cause) {
    throw new ProtocolError('USAGE', `--cert ${path} is not a readable PEM or DER certificate`, { cause, fields: ['cert'] });
  }
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check the v1, v2 and v3 signatures of an APK or index JAR as apksigner does',
  usage: '<file>',
  options: {
    cert: { type: 'string', value: 'PEM', description: 'require this signer certificate (PEM or DER)' },
    'min-sdk-version': { type: 'string', value: 'N', description: "check from this API level instead of the APK's minSdkVersion (JARs: 23)" },
    json: { type: 'boolean', description: 'print the report as JSON' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const certPath = stringOption(ctx.options, 'cert');
    const minSdk = intOption(ctx.options, 'min-sdk-version', 1, 10000);
    const report = await verifyArtifact(ctx.positionals[0]!, {
      ...(certPath === undefined ? {} : { certificateDer: readCertificate(certPath) }),
      ...(minSdk === undefined ? {} : { minSdkVersion: minSdk }),
    });
    if (ctx.options.json === true) {
      ctx.out(JSON.stringify(report, null, 2));
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
    ctx.out('verified');
    return 0;
  },
};
