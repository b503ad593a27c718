import type { Command } from '../../../protocol/cli/index.ts';
import { KEY_TYPES, keyTypeVerdict, verdictLine } from '../../pkcs11/capabilities.ts';
import { USED_MECHANISMS } from '../../pkcs11/mechanisms.ts';
import { openToken, tokenOptions } from '../token-options.ts';

const { module, 'module-args': moduleArgs, uri } = tokenOptions;

export const mechanismsCommand: Command = {
  name: 'mechanisms',
  summary: "list the token's mechanisms (C_GetMechanismList), marking those the signer uses, and say per key type whether the token can make and sign with it",
  usage: '[--uri <pkcs11 uri>]',
  options: { module, 'module-args': moduleArgs, uri },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const token = openToken(ctx.options);
    try {
      const info = token.module.info();
      ctx.out(`${info.manufacturer} ${info.description} ${info.libraryVersion} (Cryptoki ${info.cryptokiVersion}); token "${token.info.label}" ${token.info.model}`);
      const caps = token.capabilities();
      for (const m of caps.values()) {
        ctx.out(`${USED_MECHANISMS.has(m.mechanism) ? '*' : ' '} ${m.name.padEnd(32)} 0x${m.mechanism.toString(16).padStart(8, '0')}  keys ${m.minKeySize}-${m.maxKeySize}${m.canSign ? '  sign' : ''}`);
      }
      ctx.out('');
      ctx.out('key types for airsign:');
      for (const keyType of KEY_TYPES) ctx.out(`  ${verdictLine(keyTypeVerdict(caps, keyType))}`);
      return 0;
    } finally {
      token.close();
    }
  },
};
