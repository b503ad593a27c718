import { writeBinarySignatures } from '../../openpgp/index.ts';
import { readFile } from 'node:fs/promises';
import type { Command } from '../../../protocol/cli/index.ts';
import { intOption, requireOption, stringOption } from '../../../protocol/cli/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { FdroidError, installSigned } from '../../fdroid/index.ts';
import { AptError, installAptSigned } from '../../apt/index.ts';
import { receiveResponse, SessionError } from '../../session/index.ts';
import { realParts } from '../parts.ts';
import { readResponseInput } from '../response-input.ts';
import { SESSION_OPTION, sessionDir } from '../session-dir.ts';

export const receiveCommand: Command = {
  name: 'receive',
  summary: 'take a signing response in, write the signed files into <session>/out/ (and a next request\'s path last, if one is needed)',
  usage: '--session <dir>',
  options: {
    session: SESSION_OPTION,
    in: { type: 'string', value: 'PATH', description: 'the response: a message file, a directory of frame files, or a video of frames' },
    format: { type: 'string', value: 'NAME', description: 'frame format (bin, png, video; default: from the file names)' },
    'max-items': { type: 'string', value: 'N', description: 'most items per next-round request (default: what request was given, else 100)' },
  },
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    const dir = sessionDir(ctx.options, ctx.positionals);
    const input = requireOption(ctx.options, 'in');
    const response = await readResponseInput(input, stringOption(ctx.options, 'format'), ctx.log, (p) => readFile(p));
    const maxItems = intOption(ctx.options, 'max-items', 1, LIMITS.maxItems);
    const result = await receiveResponse(dir, response, await realParts(), ctx.log, maxItems);
    const audit = result.session.response?.audit;
    if (audit !== undefined) ctx.log(`session ${result.session.id} answered; offline audit log at seq ${audit.seq}, head ${audit.head}`);
    let failed = 0;
    for (const a of result.artifacts) {
      if (a.state === 'ready') ctx.out(`signed ${a.fileName}: ${a.output ?? ''}`);
      else if (a.state === 'failed') {
        failed++;
        ctx.out(`failed ${a.fileName}: ${a.failure?.code ?? ''}: ${a.failure?.message ?? ''}`);
      } else ctx.out(`next round ${a.fileName}: ${a.item?.schemes.join('+') ?? ''} (${a.state})`);
    }
    for (const path of await writeBinarySignatures(dir, result.artifacts)) ctx.out(`binary signature: ${path}`);
    // A session of `airsign fdroid`: the signed files go into the repository's repo/.
    const installed = await installSigned(dir, ctx.log);
    for (const line of installed?.stale ?? []) ctx.log(line);
    // A session of `airsign apt sign`: InRelease and Release.gpg go beside the Release file.
    const apt = await installAptSigned(dir, ctx.log);
    for (const line of apt?.stale ?? []) ctx.log(line);
    for (const path of result.nextRequests) ctx.out(path);
    if (apt !== undefined && apt.stale.length > 0) throw new AptError('RELEASE_CHANGED', `${apt.stale.length} Release file(s) changed since they were signed (listed above)`);
    if (installed !== undefined && installed.stale.length > 0) throw new FdroidError('STALE_JAR', `${installed.stale.length} signed index JAR(s) are stale and were not installed (listed above)`);
    if (failed > 0) throw new SessionError('ARTIFACTS_FAILED', `${failed} of ${result.artifacts.length} artifact(s) failed (listed above)`);
    return 0;
  },
};
