/** `airsign apt sign`: an apt repository's Release file, signed in the HSM as InRelease and Release.gpg. */
import type { Command } from '../../../protocol/cli/index.ts';
import { intOption, requireOption, stringOption } from '../../../protocol/cli/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { fingerprintHex, requestAptSigning } from '../../apt/index.ts';
import { realParts } from '../parts.ts';
import { reportRequested } from './request.ts';

export const aptSignCommand: Command = {
  name: 'apt sign',
  summary: 'prepare an apt Release file (or dists/<suite>/ holding one) for signing with the OpenPGP key of key.asc and write the request (request files last, as "request"); "receive" writes InRelease and Release.gpg beside the Release file and into the session\'s out/',
  usage: '<Release file or dists/<suite>/ directory>',
  options: {
    key: { type: 'string', value: 'FILE', description: 'the key\'s OpenPGP certificate that "airsign-signer export-openpgp" wrote (key.asc): apt\'s Signed-By key' },
    cert: { type: 'string', value: 'FILE', description: 'the same key\'s X.509 certificate (PEM, DER, or the key ceremony\'s certificate message file); not needed again once the session has it pinned' },
    session: { type: 'string', value: 'DIR', description: 'the session directory (created if missing)' },
    'max-items': { type: 'string', value: 'N', description: 'most items per request (default: what the session was given, else 100)' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const cert = stringOption(ctx.options, 'cert');
    const maxItems = intOption(ctx.options, 'max-items', 1, LIMITS.maxItems);
    const result = await requestAptSigning({
      dir: requireOption(ctx.options, 'session'),
      release: ctx.positionals[0]!,
      keyFile: requireOption(ctx.options, 'key'),
      ...(cert === undefined ? {} : { certFile: cert }),
      ...(maxItems === undefined ? {} : { maxItems }),
      parts: await realParts(),
      log: ctx.log,
    });
    ctx.log(`${result.releasePath}: OpenPGP key ${fingerprintHex(result.key)}`);
    return reportRequested(ctx, { requests: result.requests, artifacts: [result.artifact] });
  },
};
