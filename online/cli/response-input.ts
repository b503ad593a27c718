/**
 * Where a response comes from: a message file, or frames (a directory of bin or png frame files,
 * or a video) read through the frame format registry and decoded by node/frames' loop.
 */
import { readdir, stat } from 'node:fs/promises';
import { ProtocolError } from '../../protocol/errors.ts';
import { frameFormat } from '../frames/index.ts';
import { decodeFrameItems } from '../../node/frames/index.ts';
import { isVideoPath } from '../optical/index.ts';

/** A directory holds bin or png frame files; which, its file names tell. */
async function directoryFormat(dir: string): Promise<string> {
  const names = await readdir(dir);
  return !names.some((n) => n.endsWith('.bin')) && names.some((n) => n.endsWith('.png')) ? 'png' : 'bin';
}

async function decodeFrames(input: string, formatName: string, log: (line: string) => void, named = false): Promise<Uint8Array> {
  const format = frameFormat(formatName);
  // A format the user names reads every file of a directory; a guessed one goes by file names.
  const readOptions = { everyFile: named };
  const { transfer, progress: p, itemsRead, rejected } = await decodeFrameItems(format.readFrames(input, readOptions));
  if (itemsRead === 0) throw new ProtocolError('INCOMPLETE', `no frames read from ${input}: looked for ${format.lookedFor?.(readOptions) ?? `${format.name} frames`}`);
  if (transfer === undefined) {
    throw new ProtocolError('INCOMPLETE', `the frames in ${input} ran out before the response was complete (${p.packets} of ${p.sourceSymbols ?? '?'} symbols, ${p.framesSeen} frames read, ${rejected} rejected)`);
  }
  log(`decoded the response from ${p.framesSeen} frames`);
  return transfer;
}

export async function readResponseInput(input: string, format: string | undefined, log: (line: string) => void, readFile: (path: string) => Promise<Uint8Array>): Promise<Uint8Array> {
  const info = await stat(input);
  if (info.isDirectory()) return format === undefined ? decodeFrames(input, await directoryFormat(input), log) : decodeFrames(input, format, log, true);
  if (format !== undefined) return decodeFrames(input, format, log, true);
  if (isVideoPath(input)) return decodeFrames(input, 'video', log);
  return new Uint8Array(await readFile(input));
}
