/**
 * node/frames/optical-formats.ts: the png and y4m frame formats both programs use. The signer reads
 * request frames from PNG directories and y4m videos (without ffmpeg), refuses hostile ones with
 * typed reasons, and writes response frames the online side reads.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePng, greyImage, isOpticalError, QR_PRESETS } from '../../../protocol/optical/index.ts';
import type { PayloadItem } from '../../../protocol/optical/index.ts';
import { DENSITY_PRESETS } from '../../../protocol/frames/index.ts';
import { openPngSink, pngFormat, scanPictureDir, scanY4mFile, y4mFormat } from '../../../node/frames/index.ts';
import { openVideoSink, scanVideo } from '../../../online/optical/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-offline-optical-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const preset = QR_PRESETS[4]!;
const density = DENSITY_PRESETS[4]!;
const payloads = Array.from({ length: 3 }, (_, k) => Uint8Array.from({ length: 1500 }, (_, i) => (i * 211 + k * 3) & 255));

async function collect(items: AsyncIterable<PayloadItem>): Promise<(Uint8Array | string)[]> {
  const out: (Uint8Array | string)[] = [];
  for await (const item of items) out.push('bytes' in item ? item.bytes : `${item.label}: ${item.problem}`);
  return out;
}

describe('offline frame files', () => {
  it('reads request frames the online side wrote, as pictures and as y4m', async () => {
    const pictures = join(dir, 'request-png');
    const sink = await openPngSink(pictures, { symbol: preset, count: 3 });
    for (const p of payloads) await sink.write(p);
    await sink.close();
    expect(await collect(scanPictureDir(pictures))).toEqual(payloads);
    const video = join(dir, 'request.y4m');
    const vsink = await openVideoSink(video, { symbol: preset, fps: 10 });
    for (const p of payloads) await vsink.write(p);
    await vsink.close();
    expect(await collect(scanY4mFile(video))).toEqual(payloads);
  });

  it('writes response frames the online side reads back', async () => {
    const pictures = join(dir, 'response-png');
    const sink = await pngFormat.openSink(pictures, { density, count: 3 });
    for (const p of payloads) await sink.write(p);
    await sink.close();
    expect(await collect(scanPictureDir(pictures))).toEqual(payloads);
    const video = join(dir, 'response.y4m');
    const vsink = await y4mFormat.openSink(video, { density, count: 3, fps: 8 });
    for (const p of payloads) await vsink.write(p);
    await vsink.close();
    expect(await collect(scanVideo(video))).toEqual(payloads);
    await expect(y4mFormat.openSink(video, { density, count: 3, fps: 8 })).rejects.toSatisfy((e: unknown) => isOpticalError(e, 'OUTPUT_EXISTS'));
    await expect(pngFormat.openSink(pictures, { density, count: 1 })).rejects.toSatisfy((e: unknown) => isOpticalError(e, 'OUTPUT_EXISTS'));
  });

  it('turns hostile files into typed problems, without reading them whole', async () => {
    const hostile = join(dir, 'hostile');
    mkdirSync(join(hostile, 'frame-1.png'), { recursive: true });
    writeFileSync(join(hostile, 'frame-2.png'), 'not a png');
    // A valid PNG header declaring 60000 x 60000 pixels: refused from the header.
    const huge = encodePng(greyImage(2, 2));
    new DataView(huge.buffer).setUint32(16, 60000);
    new DataView(huge.buffer).setUint32(20, 60000);
    writeFileSync(join(hostile, 'frame-3.png'), huge);
    writeFileSync(join(hostile, 'frame-4.png'), encodePng(greyImage(64, 64, 255)));
    const items = await collect(scanPictureDir(hostile));
    expect(items).toHaveLength(4);
    expect(items[0]).toMatch(/frame-1.png: not a regular file/);
    expect(items[1]).toMatch(/frame-2.png: BAD_PNG/);
    expect(items[2]).toMatch(/frame-3.png: (BAD_PNG|IMAGE_TOO_LARGE)/);
    expect(items[3]).toMatch(/frame-4.png: no QR code found/);
    const bad = join(dir, 'bad.y4m');
    writeFileSync(bad, 'YUV4MPEG2 W70000 H70000\n');
    await expect(collect(scanY4mFile(bad))).rejects.toSatisfy((e: unknown) => isOpticalError(e, 'BAD_Y4M') || isOpticalError(e, 'IMAGE_TOO_LARGE'));
    await expect(collect(scanY4mFile(join(dir, 'movie.mp4')))).rejects.toSatisfy((e: unknown) => isOpticalError(e, 'UNSUPPORTED'));
  });
});
