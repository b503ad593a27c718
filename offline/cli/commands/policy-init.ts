import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from '../../../protocol/cli/index.ts';
import { requireOption } from '../../../protocol/cli/index.ts';
import { SignerError } from '../../errors.ts';
import { policyText, startingPolicy } from '../../policy/init.ts';
import { openToken, tokenOptions } from '../token-options.ts';

const { module, 'module-args': moduleArgs, uri } = tokenOptions;

export const policyInitCommand: Command = {
  name: 'policy init',
  summary: 'write a starting policy: every key on the token may sign any package; every other rule at its safe default',
  usage: '--out <policy.json> [--uri <pkcs11 uri>]',
  options: {
    module,
    'module-args': moduleArgs,
    uri,
    out: { type: 'string', value: 'FILE', description: 'where to write the policy (an existing file is never overwritten)' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const out = requireOption(ctx.options, 'out');
    if (existsSync(out)) throw new SignerError('USAGE', `${out} exists; the policy is not overwritten (remove it first)`);
    const token = openToken(ctx.options);
    try {
      const keys = token.keys().filter((k) => k.fingerprint !== undefined);
      if (keys.length === 0) throw new SignerError('KEY_NOT_FOUND', `token "${token.info.label}" has no key with a certificate; run keygen first`);
      writeFileSync(out, policyText(startingPolicy(keys)), { mode: 0o644, flag: 'wx' });
      ctx.log(`policy for ${keys.length} key(s) of token "${token.info.label}"`);
      ctx.out(out);
      return 0;
    } finally {
      token.close();
    }
  },
};
