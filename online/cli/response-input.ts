/**
 * Where a response comes from: a message file, or frames (a directory of frame files, or a video)
 * read through the frame format registry and decoded with the fountain decoder.
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { ProtocolError } from '../../protocol/errors.ts';
import { FrameDecoder } from '../../protocol/frames/index.ts';
import { frameFormat, frameFormatNames, loadFountain } from '../frames/index.ts';

/** A video's extension names its frame format (".y4m" → "y4m"), when such a format is registered. */
function videoFormat(path: string): string | undefined {
  const ext = extname(path).slice(1).toLowerCase();
  return ext !== '' && frameFormatNames().includes(ext) ? ext : undefined;
}

async function decodeFrames(input: string, formatName: string, log: (line: string) => void): Promise<Uint8Array> {
  const format = frameFormat(formatName);
  loadFountain();
  const decoder = new FrameDecoder();
  try {
    let rejected = 0;
    for await (const item of format.readFrames(input)) {
      if ('problem' in item) continue;
      const r = decoder.push(item.bytes);
      if (r.status === 'rejected') rejected++;
      if (r.status === 'complete') break;
    }
    if (!decoder.complete) {
      const p = decoder.progress;
      throw new ProtocolError('INCOMPLETE', `the frames in ${input} ran out before the response was complete (${p.packets} of ${p.sourceSymbols ?? '?'} symbols, ${p.framesSeen} frames read, ${rejected} rejected)`);
    }
    log(`decoded the response from ${decoder.progress.framesSeen} frames`);
    return decoder.result();
  } finally {
    decoder.dispose();
  }
}

export async function readResponseInput(input: string, format: string | undefined, log: (line: string) => void, readFile: (path: string) => Promise<Uint8Array>): Promise<Uint8Array> {
  const info = await stat(input);
  if (info.isDirectory()) return decodeFrames(input, format ?? 'bin', log);
  const video = format ?? videoFormat(input);
  if (video !== undefined) return decodeFrames(input, video, log);
  return new Uint8Array(await readFile(input));
}
