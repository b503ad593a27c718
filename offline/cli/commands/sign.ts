import type { Command, CommandContext } from '../../../protocol/cli/index.ts';
import { requireOption } from '../../../protocol/cli/index.ts';
import type { SigningResponse } from '../../../protocol/messages/index.ts';
import { SignerError, isSignerError } from '../../errors.ts';
import { linkErrorCode } from '../../link/link-error.ts';
import { readRequest } from '../../link/read-request.ts';
import { writeAnswer } from '../../link/write-response.ts';
import type { AnswerOptions } from '../../link/write-response.ts';
import { answerOptions, answerOptionsFrom } from '../answer-options.ts';
import { confirmOnTerminal } from '../../operator/confirm.ts';
import { reviewLines, summarize } from '../../operator/review-text.ts';
import { loadPolicy } from '../../policy/load.ts';
import { TOKEN_CANNOT_SIGN } from '../../signing/review.ts';
import { loginFromOptions, openSignerFrom, stateOption, tokenOptions } from '../token-options.ts';
import { PROTOCOL_VERSION } from '../../../protocol/version.ts';

function resultLine(response: SigningResponse): string {
  const signed = response.results.filter((r) => r.status === 'signed').length;
  return `${signed} of ${response.results.length} item(s) signed; audit log at seq ${response.audit.seq}`;
}

/** Writes an error message for a request that could not be read at all, so the online side learns why. */
async function answerUnreadable(ctx: CommandContext, out: string, answer: AnswerOptions, error: SignerError): Promise<never> {
  const path = await writeAnswer(out, { v: PROTOCOL_VERSION, kind: 'error', code: linkErrorCode(error), message: error.message.slice(0, 500), at: Math.floor(Date.now() / 1000) }, answer);
  ctx.out(path);
  throw error;
}

export const signCommand: Command = {
  name: 'sign',
  summary: 'read a request, review it against the policy, sign what the operator approves, write the response',
  usage: '--in <frames dir | video.y4m | message file> --out <frames dir | video.y4m | message file> --policy <policy.json>',
  options: {
    in: { type: 'string', value: 'PATH', description: 'the request: a directory of frames (QR pictures or frame files), a y4m video, or a message file' },
    out: { type: 'string', value: 'PATH', description: 'where to write the response: a directory of frames (end it with "/" if new), a y4m video, or a message file' },
    ...answerOptions,
    policy: { type: 'string', value: 'FILE', description: 'the policy (see docs/policy.md)' },
    yes: { type: 'boolean', description: 'sign without asking (only if the policy sets "unattended": true)' },
    resign: { type: 'boolean', description: 'sign a request that was signed before' },
    'allow-network': { type: 'boolean', description: 'sign even while a network interface is up' },
    state: stateOption,
    ...tokenOptions,
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const input = requireOption(ctx.options, 'in');
    const out = requireOption(ctx.options, 'out');
    const answer = answerOptionsFrom(ctx.options);
    const policy = loadPolicy(requireOption(ctx.options, 'policy'));
    const unattended = ctx.options.yes === true;
    if (unattended && !policy.unattended) throw new SignerError('UNATTENDED_NOT_ALLOWED', 'the policy does not allow --yes (set "unattended": true to sign without confirmation)');
    const signer = openSignerFrom(ctx.options, policy, ctx.log);
    try {
      let read;
      try {
        read = await readRequest(input);
      } catch (error) {
        if (isSignerError(error) && (error.code === 'BAD_REQUEST' || error.code === 'NOT_A_REQUEST')) await answerUnreadable(ctx, out, answer, error);
        throw error;
      }
      const resign = ctx.options.resign === true;
      // Signed before and its answer stored (a crash kept it from --out): the same answer again.
      const stored = resign ? undefined : signer.storedAnswer(read.digest);
      if (stored !== undefined) {
        const path = await writeAnswer(out, stored, answer);
        ctx.log(`this request was signed before; its stored answer is sent again (--resign signs it anew). ${resultLine(stored)}`);
        ctx.out(path);
        return 0;
      }
      const review = signer.review(read.request, { resign, requestDigest: read.digest });
      for (const line of reviewLines(review, signer.state)) ctx.out(line);
      const { toSign } = summarize(review);
      let approved = false;
      if (toSign > 0) {
        approved = unattended || (await confirmOnTerminal(`Sign ${toSign} item(s)?`));
        if (approved && !signer.isLoggedIn) await loginFromOptions(ctx.options, signer.token, ctx.log);
      }
      const response = signer.sign(review, { approved });
      const path = await writeAnswer(out, response, answer);
      ctx.log(resultLine(response));
      ctx.out(path);
      // Nothing signed because of the token (it cannot sign the key's mechanism, or failed): a
      // failure the operator must see now, not on the online side later.
      const tokenFailed = response.results.filter((r) => r.status === 'refused' && (r.reason === 'TOKEN_ERROR' || (r.reason === 'UNSUPPORTED_ALGORITHM' && r.detail.startsWith(TOKEN_CANNOT_SIGN))));
      if (tokenFailed.length > 0 && response.results.every((r) => r.status !== 'signed')) {
        const first = tokenFailed[0]!;
        ctx.log(`airsign-signer: nothing was signed because of the token: ${first.status === 'refused' ? first.detail : ''}`);
        return 1;
      }
      return 0;
    } finally {
      signer.close();
    }
  },
};
