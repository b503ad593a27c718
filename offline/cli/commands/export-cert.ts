import type { Command } from '../../../protocol/cli/index.ts';
import { requireOption } from '../../../protocol/cli/index.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { SignerError } from '../../errors.ts';
import { writeAnswer } from '../../link/write-response.ts';
import { answerOptions, answerOptionsFrom } from '../answer-options.ts';
import { openToken, tokenOptions } from '../token-options.ts';
import { certificateMessage } from '../../ceremony/certificate-message.ts';

const { module, 'module-args': moduleArgs, uri } = tokenOptions;

export const exportCertCommand: Command = {
  name: 'export-cert',
  summary: "send a key's certificate to the online side, which pins it (a certificate message)",
  usage: '--uri <pkcs11 uri of one key> --out <frames dir | video.y4m | message file>',
  options: {
    module,
    'module-args': moduleArgs,
    uri,
    out: { type: 'string', value: 'PATH', description: 'where to write the certificate message: a directory of frames (end it with "/" if new), a y4m video, or a message file' },
    ...answerOptions,
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const out = requireOption(ctx.options, 'out');
    const token = openToken(ctx.options);
    try {
      const keys = token.keys().filter((k) => k.certificate !== undefined);
      const key = keys[0];
      if (key === undefined) throw new SignerError('KEY_NOT_FOUND', `no certificate matches the URI on token "${token.info.label}"`);
      if (keys.length > 1) throw new SignerError('KEY_AMBIGUOUS', `${keys.length} certificates match the URI; name one key with object= or id=`);
      const message = certificateMessage(token, key);
      const path = await writeAnswer(out, message, answerOptionsFrom(ctx.options));
      ctx.log(`certificate of "${key.label}", sha256:${toHex(key.fingerprint!)}`);
      ctx.out(path);
      return 0;
    } finally {
      token.close();
    }
  },
};
