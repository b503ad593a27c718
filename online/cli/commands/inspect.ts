import type { Command } from '../../../protocol/cli/index.ts';
import { inspectArtifact } from '../../apk/index.ts';

const ALGORITHM_NAMES: Record<number, string> = {
  0x0101: 'RSA-PSS/SHA-256', 0x0102: 'RSA-PSS/SHA-512', 0x0103: 'RSA/SHA-256', 0x0104: 'RSA/SHA-512',
  0x0201: 'ECDSA/SHA-256', 0x0202: 'ECDSA/SHA-512', 0x0301: 'DSA/SHA-256',
};

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'show what an APK or index JAR is and which signatures it carries',
  usage: '<file>',
  options: { json: { type: 'boolean', description: 'print the report as JSON' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const r = inspectArtifact(ctx.positionals[0]!);
    if (ctx.options.json === true) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    const i = r.info;
    ctx.out(`file:           ${r.path} (${r.size} bytes)`);
    ctx.out(`sha256:         ${r.sha256}`);
    ctx.out(`artifact:       ${i.artifact}`);
    ctx.out(`${i.artifact === 'apk' ? 'package:        ' : 'name:           '}${i.name}`);
    ctx.out(`${i.artifact === 'apk' ? 'versionCode:    ' : 'timestamp:      '}${i.versionCode}`);
    ctx.out(`${i.artifact === 'apk' ? 'versionName:    ' : 'index version:  '}${i.versionName}`);
    if (i.minSdkVersion !== undefined) ctx.out(`minSdkVersion:  ${i.minSdkVersion}`);
    if (i.targetSdkVersion !== undefined) ctx.out(`targetSdk:      ${i.targetSdkVersion}`);
    ctx.out(`entries:        ${i.entries}`);
    ctx.out(`signatures:     ${r.schemes.length === 0 ? 'none' : r.schemes.join(', ')}`);
    for (const d of r.contentDigests) ctx.out(`${d.scheme} digest:      ${ALGORITHM_NAMES[d.algorithm] ?? `0x${d.algorithm.toString(16)}`} ${d.digest}`);
    return 0;
  },
};
