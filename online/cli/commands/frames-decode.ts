/** `airsign frames decode`: reads frame files in name order until the transfer is complete. */
import { readdir, stat } from 'node:fs/promises';
import { requireOption, stringOption } from '../../../protocol/cli/index.ts';
import type { Command } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import type { FrameProgress } from '../../../protocol/frames/index.ts';
import { writeFileDurable } from '../../../node/durable.ts';
import { decodeFrameItems, FrameFileError } from '../../../node/frames/index.ts';
import { frameFormat, frameFormatNames } from '../../frames/index.ts';
import { isVideoPath } from '../../optical/index.ts';

function describe(p: FrameProgress): string {
  const needed =
    p.sourceSymbols === undefined ? 'no session yet'
    : p.complete ? `all ${p.sourceSymbols} symbols`
    : `${p.packets} of ${p.sourceSymbols} symbols (about ${p.framesNeeded} more needed)`;
  return `${needed}; ${p.framesSeen} frames read, ${p.framesRejected} rejected, ${p.duplicates} duplicates, ${p.restarts} restarts`;
}

/** A video file is read as video; a directory by the frame files it holds (QR pictures unless raw ones). */
async function guessFormat(input: string): Promise<string> {
  const info = await stat(input).catch((cause: unknown) => {
    throw new FrameFileError('READ_FAILED', `cannot read ${input}: ${(cause as { code?: string }).code ?? String(cause)}`, { cause });
  });
  if (!info.isDirectory()) return isVideoPath(input) ? 'video' : 'bin';
  const names = await readdir(input);
  return names.some((n) => n.toLowerCase().endsWith('.png')) || !names.some((n) => n.endsWith('.bin')) ? 'png' : 'bin';
}

export const framesDecodeCommand: Command = {
  name: 'frames decode',
  summary: 'rebuild a transfer from frames: QR pictures or raw frame files (in name order), or a video',
  usage: '<dir | video>',
  options: {
    out: { type: 'string', value: 'FILE', description: 'where to write the transfer once complete' },
    format: { type: 'string', value: 'NAME', description: `frame format: ${frameFormatNames().join(', ')} (default: from the input)` },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const out = requireOption(ctx.options, 'out');
    const input = ctx.positionals[0]!;
    const named = stringOption(ctx.options, 'format');
    const format = frameFormat(named ?? (await guessFormat(input)));
    // A format the user names reads every file of the directory; a guessed one goes by file names.
    const readOptions = { everyFile: named !== undefined };
    let tenths = 0;
    const { transfer, progress, itemsRead } = await decodeFrameItems(format.readFrames(input, readOptions), (item, r) => {
      if ('problem' in item) return ctx.log(`${item.label}: skipped: ${item.problem}`);
      if (r === undefined) return;
      if (r.status === 'rejected' || r.status === 'restarted') ctx.log(`${item.label}: ${r.status} ${r.code}: ${r.reason}`);
      if (r.status === 'complete') return;
      if (Math.floor(r.progress.fraction * 10) > tenths) {
        tenths = Math.floor(r.progress.fraction * 10);
        ctx.log(`progress ${Math.round(r.progress.fraction * 100)}%: ${describe(r.progress)}`);
      }
    });
    if (itemsRead === 0) {
      throw new ProtocolError('INCOMPLETE', `no frames read from ${input}: looked for ${format.lookedFor?.(readOptions) ?? `${format.name} frames`}`);
    }
    if (transfer === undefined) throw new ProtocolError('INCOMPLETE', `frames ran out in ${input}: ${describe(progress)}`);
    // Whole or not at all, and flushed: a reader never sees half a transfer.
    await writeFileDurable(out, transfer, { mode: 0o644 });
    ctx.log(`complete: ${describe(progress)}`);
    ctx.out(`wrote ${transfer.length} bytes to ${out}`);
    return 0;
  },
};
