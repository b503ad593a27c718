import type { Command } from '../../../protocol/cli/index.ts';
import { DEFAULT_ITEMS_PER_REQUEST } from '../../../protocol/batch-size.ts';
import { intOption, requireOption } from '../../../protocol/cli/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { requestOpenPgpSignatures } from '../../session/index.ts';
import { realParts } from '../parts.ts';
import { reportRequested } from './request.ts';

export const openPgpSignCommand: Command = {
  name: 'openpgp sign',
  summary: 'prepare detached OpenPGP signatures of files (only each file\'s SHA-256 state crosses) and write the request message files (one path a line, last); after "airsign receive", <file>.asc is in the session\'s out/',
  usage: '<file...>',
  options: {
    key: { type: 'string', value: 'FILE', description: 'the key\'s OpenPGP certificate, as "airsign-signer export-openpgp" wrote it (key.asc)' },
    cert: { type: 'string', multiple: true, value: 'FILE', description: 'the key\'s X.509 certificate (PEM, DER, or the key ceremony\'s certificate message file), to find the token key the OpenPGP certificate is of; not needed for a session that has it pinned' },
    session: { type: 'string', value: 'DIR', description: 'the session directory (created if missing; signatures land in its out/)' },
    binary: { type: 'boolean', description: 'also write the binary signature, <file>.sig, beside each <file>.asc in out/ when the answer comes back' },
    'max-items': { type: 'string', value: 'N', description: `most items per request, at most the signer policy's maxItemsPerRequest (default ${DEFAULT_ITEMS_PER_REQUEST}); more files make several requests` },
  },
  positionals: { min: 1, max: 10 * LIMITS.maxItems },
  async run(ctx) {
    const maxItems = intOption(ctx.options, 'max-items', 1, LIMITS.maxItems);
    const certs = ctx.options.cert as string[] | undefined;
    const result = await requestOpenPgpSignatures({
      dir: requireOption(ctx.options, 'session'),
      files: ctx.positionals,
      keyFile: requireOption(ctx.options, 'key'),
      ...(certs === undefined ? {} : { certFiles: certs }),
      ...(maxItems === undefined ? {} : { maxItems }),
      ...(ctx.options.binary === true ? { binary: true } : {}),
      parts: await realParts(),
      log: ctx.log,
    });
    return reportRequested(ctx, result);
  },
};
