import { existsSync, mkdirSync } from 'node:fs';
import { writeFileDurableSync } from '../../../node/durable.ts';
import { dirname } from 'node:path';
import type { Command } from '../../../protocol/cli/index.ts';
import { requireOption } from '../../../protocol/cli/index.ts';
import { SignerError } from '../../errors.ts';
import { policyText, startingPolicy } from '../../policy/init.ts';
import { keyPurposes } from '../../policy/key-purpose.ts';
import { openToken, tokenOptions } from '../token-options.ts';

const { module, 'module-args': moduleArgs, uri } = tokenOptions;

function kindValues(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  return typeof value === 'string' ? [value] : [];
}

export const policyInitCommand: Command = {
  name: 'policy init',
  summary: 'write a starting policy: one rule per key and the artifact kind it is for; every other rule at its safe default',
  usage: '--out <policy.json> --kind <apk|jar|openpgp|apt-release|LABEL=KIND>... [--uri <pkcs11 uri>]',
  options: {
    module,
    'module-args': moduleArgs,
    uri,
    out: { type: 'string', value: 'FILE', description: 'where to write the policy (an existing file is never overwritten; a missing folder is made, mode 700)' },
    kind: {
      type: 'string',
      multiple: true,
      value: 'KIND',
      description: 'what the keys sign: "apk" (any package), "jar" (entry.jar, index-v1.jar), "openpgp" (any file name) or "apt-release" (any apt Release file; narrow it to names such as Debian/*) for every key, or LABEL=apk / LABEL=jar / LABEL=openpgp / LABEL=apt-release for one key; repeat for more (required)',
    },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const out = requireOption(ctx.options, 'out');
    if (existsSync(out)) throw new SignerError('USAGE', `${out} exists; the policy is not overwritten (remove it first)`);
    const token = openToken(ctx.options);
    try {
      const keys = token.keys().filter((k) => k.fingerprint !== undefined);
      if (keys.length === 0) throw new SignerError('KEY_NOT_FOUND', `token "${token.info.label}" has no key with a certificate; run keygen first`);
      const purposes = keyPurposes(keys, kindValues(ctx.options.kind));
      // The policy's folder (/etc/airsign on the laptop) is made if missing, private to its owner,
      // and only once the token has answered, so a failed run leaves nothing behind.
      mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
      writeFileDurableSync(out, policyText(startingPolicy(purposes)), { mode: 0o644, exclusive: true });
      ctx.log(`policy for ${keys.length} key(s) of token "${token.info.label}": ${purposes.map((p) => `"${p.key.label}" ${p.kinds.join('+')}`).join(', ')}`);
      ctx.out(out);
      return 0;
    } finally {
      token.close();
    }
  },
};
