/** `airsign frames encode`: writes the first frames of a transfer's stream as files. */
import { readFile, stat } from 'node:fs/promises';
import { CODES_OPTION, codesOption, intOption, requireOption, stringOption } from '../../../protocol/cli/index.ts';
import type { Command } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { DEFAULT_DENSITY, FrameEncoder, densityByName, densityNames, framesToDecode, sessionIdFromSeed } from '../../../protocol/frames/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { FrameFileError } from '../../../node/frames/index.ts';
import { loadFountain } from '../../../node/wasm.ts';
import { frameFormat, frameFormatNames } from '../../frames/index.ts';
import { DEFAULT_DISPLAY_FPS, isVideoPath } from '../../optical/index.ts';

async function readTransfer(path: string): Promise<Uint8Array> {
  const size = await stat(path).then(
    (info) => info.size,
    (cause: unknown) => {
      throw new FrameFileError('READ_FAILED', `cannot read ${path}: ${(cause as { code?: string }).code ?? String(cause)}`, { cause });
    },
  );
  if (size > LIMITS.maxTransferBytes) throw new ProtocolError('TOO_LARGE', `${path} is ${size} bytes; a transfer is at most ${LIMITS.maxTransferBytes}`);
  if (size === 0) throw new ProtocolError('BAD_ARGUMENT', `${path} is empty`);
  return new Uint8Array(await readFile(path));
}

export const framesEncodeCommand: Command = {
  name: 'frames encode',
  summary: 'cut a transfer (message file) into frames in stream order: QR pictures, a QR video, or raw frame files',
  usage: '<file>',
  options: {
    out: { type: 'string', value: 'DIR|VIDEO', description: 'a directory for frame files (created if missing; must hold no frames yet), or a video file (.y4m, .mp4, .webm...)' },
    format: { type: 'string', value: 'NAME', description: `frame format: ${frameFormatNames().join(', ')} (default: video for a video file, else png)` },
    fps: { type: 'string', value: 'N', description: `pictures per second of a video (default: ${DEFAULT_DISPLAY_FPS})` },
    codes: { ...CODES_OPTION, description: `${CODES_OPTION.description}; pictures and video only` },
    density: { type: 'string', value: 'NAME', description: `frame size preset: ${densityNames().join(', ')}`, default: DEFAULT_DENSITY },
    count: { type: 'string', value: 'N', description: 'frames to write (default: enough to decode with a margin for lost frames)' },
    seed: { type: 'string', value: 'N', description: 'derive the session id from this number, for reproducible frames' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const out = requireOption(ctx.options, 'out');
    const format = frameFormat(stringOption(ctx.options, 'format') ?? (isVideoPath(out) ? 'video' : 'png'));
    const fps = intOption(ctx.options, 'fps', 1, 60) ?? DEFAULT_DISPLAY_FPS;
    const density = densityByName(stringOption(ctx.options, 'density') ?? DEFAULT_DENSITY);
    const count = intOption(ctx.options, 'count', 1, 1_000_000);
    const drawn = format.name === 'png' || format.name === 'video';
    if (!drawn && ctx.options.codes !== undefined) throw new ProtocolError('USAGE', `--codes applies to QR pictures and video, not to the ${format.name} format`, { fields: ['codes'] });
    const codes = drawn ? codesOption(ctx.options) : 1;
    const seed = intOption(ctx.options, 'seed', 0, 0xffffffff);
    const transfer = await readTransfer(ctx.positionals[0]!);
    loadFountain();
    const encoder = new FrameEncoder(transfer, { density, sessionId: seed === undefined ? undefined : sessionIdFromSeed(seed) });
    try {
      // Whole pictures unless a count was given (then the last picture may have empty cells).
      const total = count ?? Math.ceil(framesToDecode(encoder.sourceSymbols) / codes) * codes;
      const sink = await format.openSink(out, { density, count: total, fps, codes });
      for (let i = 0; i < total; i++) await sink.write(encoder.next());
      const where = await sink.close();
      ctx.out(
        `wrote ${total} frames${codes === 1 ? '' : ` in ${Math.ceil(total / codes)} pictures of ${codes} codes`} to ${where}: ${transfer.length} bytes in ${encoder.sourceSymbols} symbols of ${encoder.symbolSize} bytes ` +
          `(density ${density.name}, QR version ${density.qrVersion}-${density.errorCorrection}, session ${encoder.sessionId.toString(16).padStart(8, '0')})`,
      );
    } finally {
      encoder.dispose();
    }
    return 0;
  },
};
