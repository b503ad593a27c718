import type { Command } from '../../../protocol/cli/index.ts';
import { stringOption } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { inspectArtifact } from '../../apk/index.ts';
import type { ArtifactKind } from '../../../protocol/kinds/index.ts';

/** How each kind's name, number and version are labelled (an index JAR's number is its timestamp). */
const INFO_LABELS: { readonly [K in ArtifactKind]: { readonly name: string; readonly order: string; readonly version: string } } = {
  apk: { name: 'package:        ', order: 'versionCode:    ', version: 'versionName:    ' },
  jar: { name: 'name:           ', order: 'timestamp:      ', version: 'index version:  ' },
  openpgp: { name: 'file:           ', order: 'created:        ', version: 'size:           ' },
  'apt-release': { name: 'name:           ', order: 'Date:           ', version: 'suite:          ' },
};

const DIGEST_CHOICES: Record<string, readonly ('sha256' | 'sha512')[]> = { sha256: ['sha256'], sha512: ['sha512'], both: ['sha256', 'sha512'] };
const HASH_NAMES = { sha256: 'SHA-256', sha512: 'SHA-512' } as const;

const ALGORITHM_NAMES: Record<number, string> = {
  0x0101: 'RSA-PSS/SHA-256', 0x0102: 'RSA-PSS/SHA-512', 0x0103: 'RSA/SHA-256', 0x0104: 'RSA/SHA-512',
  0x0201: 'ECDSA/SHA-256', 0x0202: 'ECDSA/SHA-512', 0x0301: 'DSA/SHA-256',
};

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'show what an APK or index JAR is and which signatures it carries',
  usage: '<file>',
  options: {
    json: { type: 'boolean', description: 'print the report as JSON' },
    digest: { type: 'string', value: 'HASH', description: 'v2/v3 content digest to compute over the APK as it is: sha256 (default; RSA up to 3072 bits, EC P-256), sha512 (larger RSA keys) or both' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const digestChoice = stringOption(ctx.options, 'digest') ?? 'sha256';
    const computeDigests = Object.hasOwn(DIGEST_CHOICES, digestChoice) ? DIGEST_CHOICES[digestChoice] : undefined;
    if (computeDigests === undefined) throw new ProtocolError('USAGE', `--digest takes sha256, sha512 or both, got "${digestChoice}"`, { fields: ['digest'] });
    const r = inspectArtifact(ctx.positionals[0]!, { computeDigests });
    if (ctx.options.json === true) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    const i = r.info;
    ctx.out(`file:           ${r.path} (${r.size} bytes)`);
    ctx.out(`sha256:         ${r.sha256}`);
    ctx.out(`artifact:       ${i.artifact}`);
    const labels = INFO_LABELS[i.artifact];
    ctx.out(`${labels.name}${i.name}`);
    ctx.out(`${labels.order}${i.versionCode}`);
    ctx.out(`${labels.version}${i.versionName}`);
    if (i.minSdkVersion !== undefined) ctx.out(`minSdkVersion:  ${i.minSdkVersion}`);
    if (i.targetSdkVersion !== undefined) ctx.out(`targetSdk:      ${i.targetSdkVersion}`);
    ctx.out(`entries:        ${i.entries}`);
    ctx.out(`signatures:     ${r.schemes.length === 0 ? 'none' : r.schemes.join(', ')}`);
    for (const d of r.contentDigests) {
      if (d.source === 'signing-block') ctx.out(`${d.scheme} digest:      ${ALGORITHM_NAMES[d.algorithm] ?? `0x${d.algorithm.toString(16)}`} ${d.digest} (found in the signing block)`);
      else ctx.out(`v2/v3 digest:   ${HASH_NAMES[d.hash]} ${d.digest} (computed over this file as it is)`);
    }
    return 0;
  },
};
