import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Command } from '../../../protocol/cli/index.ts';
import { stringOption } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { writeFileDurable } from '../../../node/durable.ts';
import { approvalFromSignature, approveSession, signApproval } from '../../attest/index.ts';
import { SESSION_OPTION, sessionDir } from '../session-dir.ts';

async function askYes(lines: readonly string[], log: (line: string) => void): Promise<boolean> {
  for (const l of lines) log(l);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question('Approve this request? Type "yes": ')).trim() === 'yes';
  } finally {
    rl.close();
  }
}

export const approveCommand: Command = {
  name: 'approve',
  summary: 'as an approver: see a session\'s open requests (items, digests, keys, rebuilders) and approve each with your SSH key (ssh-keygen -Y sign -n airsign-request), attaching the approval to the request',
  usage: '--session <dir>',
  options: {
    session: SESSION_OPTION,
    key: { type: 'string', value: 'FILE', description: 'your SSH key for ssh-keygen -f (a private key, or the public key of one in ssh-agent or on a FIDO token)' },
    signature: { type: 'string', value: 'FILE', description: 'instead of --key: an approval already made elsewhere, ssh-keygen\'s .sig over the request\'s approval digest (needs --digest when the session has several open requests)' },
    digest: { type: 'string', value: 'HEX', description: 'only the open request whose approval digest starts with this' },
    'message-out': { type: 'string', value: 'FILE', description: 'write the approval digest (32 bytes, what ssh-keygen signs) to FILE for an approver elsewhere, and stop' },
    yes: { type: 'boolean', description: 'approve without asking (the items are still printed)' },
  },
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    const dir = sessionDir(ctx.options, ctx.positionals);
    const key = stringOption(ctx.options, 'key');
    const sigFile = stringOption(ctx.options, 'signature');
    const messageOut = stringOption(ctx.options, 'message-out');
    const digestPrefix = stringOption(ctx.options, 'digest');
    if ([key, sigFile, messageOut].filter((v) => v !== undefined).length !== 1) throw new ProtocolError('USAGE', 'give one of --key FILE, --signature FILE or --message-out FILE', { fields: ['key'] });
    let seen = 0;
    const result = await approveSession({
      dir,
      ...(digestPrefix === undefined ? {} : { digestPrefix }),
      confirm: async (lines) => {
        seen++;
        if (seen > 1 && (sigFile !== undefined || messageOut !== undefined)) throw new ProtocolError('USAGE', 'several open requests: say which with --digest HEX', { fields: ['digest'] });
        if (messageOut !== undefined || ctx.options.yes === true) {
          for (const l of lines) ctx.log(l);
          return true;
        }
        return askYes(lines, ctx.log);
      },
      approve: async (digest) => {
        if (messageOut !== undefined) {
          await writeFileDurable(messageOut, digest);
          ctx.out(messageOut);
          throw new StopAfterMessage();
        }
        if (sigFile !== undefined) return approvalFromSignature(await readFile(sigFile, 'utf8'), digest);
        return signApproval(key!, digest);
      },
    }).catch((error: unknown) => {
      if (error instanceof StopAfterMessage) return undefined;
      throw error;
    });
    if (result === undefined) return 0;
    for (const d of result.approved) ctx.out(`approved ${d}`);
    for (const d of result.declined) ctx.log(`not approved ${d}`);
    return result.declined.length === 0 ? 0 : 1;
  },
};

class StopAfterMessage extends Error {}
