/** `airsign frames decode`: reads frame files in name order until the transfer is complete. */
import { readdir, rename, stat, writeFile } from 'node:fs/promises';
import { requireOption, stringOption } from '../../../protocol/cli/index.ts';
import type { Command } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import type { FrameProgress } from '../../../protocol/frames/index.ts';
import { FrameDecoder } from '../../../protocol/frames/index.ts';
import { FrameFileError, frameFormat, frameFormatNames, loadFountain } from '../../frames/index.ts';
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

/** Writes beside the target and renames, so a reader never sees half a transfer. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.partial`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
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
    let itemsRead = 0;
    loadFountain();
    const decoder = new FrameDecoder();
    let tenths = 0;
    try {
      for await (const item of format.readFrames(input, readOptions)) {
        itemsRead++;
        if ('problem' in item) {
          ctx.log(`${item.label}: skipped: ${item.problem}`);
          continue;
        }
        const r = decoder.push(item.bytes);
        if (r.status === 'rejected' || r.status === 'restarted') ctx.log(`${item.label}: ${r.status} ${r.code}: ${r.reason}`);
        if (r.status === 'complete') break;
        if (Math.floor(r.progress.fraction * 10) > tenths) {
          tenths = Math.floor(r.progress.fraction * 10);
          ctx.log(`progress ${Math.round(r.progress.fraction * 100)}%: ${describe(r.progress)}`);
        }
      }
      if (itemsRead === 0) {
        throw new ProtocolError('INCOMPLETE', `no frames read from ${input}: looked for ${format.lookedFor?.(readOptions) ?? `${format.name} frames`}`);
      }
      if (!decoder.complete) throw new ProtocolError('INCOMPLETE', `frames ran out in ${input}: ${describe(decoder.progress)}`);
      const transfer = decoder.result();
      await writeAtomically(out, transfer);
      ctx.log(`complete: ${describe(decoder.progress)}`);
      ctx.out(`wrote ${transfer.length} bytes to ${out}`);
      return 0;
    } finally {
      decoder.dispose();
    }
  },
};
