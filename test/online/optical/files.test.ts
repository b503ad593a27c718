/** online/optical/video.ts, scan-source.ts and node/frames (png-files.ts, optical-formats.ts): Frames as files: PNG directories and videos (y4m directly, mp4 and webm through ffmpeg), written and scanned back. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOpticalError, QR_PRESETS } from '../../../protocol/optical/index.ts';
import { openPngSink, scanPictureDir } from '../../../node/frames/index.ts';
import { openVideo, openVideoSink, scanVideo } from '../../../online/optical/index.ts';
import type { PayloadItem } from '../../../protocol/optical/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-optical-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const preset = QR_PRESETS[3]!;
const payloads = Array.from({ length: 4 }, (_, k) => Uint8Array.from({ length: preset.payloadBytes - k }, (_, i) => (i * 89 + k) & 255));

async function collect(items: AsyncIterable<PayloadItem>): Promise<PayloadItem[]> {
  const out: PayloadItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('frame files', () => {
  it('writes numbered PNG frames and reads them back in order, refusing to mix transfers', async () => {
    const out = join(dir, 'png');
    const sink = await openPngSink(out, { symbol: preset, count: payloads.length });
    for (const p of payloads) await sink.write(p);
    expect(await sink.close()).toBe(out);
    expect(readdirSync(out)).toEqual(['frame-000001.png', 'frame-000002.png', 'frame-000003.png', 'frame-000004.png']);
    writeFileSync(join(out, 'frame-000005.png'), 'not a picture');
    const items = await collect(scanPictureDir(out));
    expect(items.slice(0, 4).map((i) => ('bytes' in i ? i.bytes : i.problem))).toEqual(payloads);
    expect(items[4]).toMatchObject({ label: 'frame-000005.png', problem: expect.stringContaining('BAD_PNG') });
    await expect(openPngSink(out, { symbol: preset, count: 1 })).rejects.toSatisfy((e: unknown) => isOpticalError(e, 'OUTPUT_EXISTS'));
  });

  it.each(['y4m', 'mp4', 'webm'])('writes a %s video of the frames and scans every payload back', async (ext) => {
    const file = join(dir, `frames.${ext}`);
    const sink = await openVideoSink(file, { symbol: preset, fps: 10 });
    for (const p of payloads) await sink.write(p);
    await sink.close();
    const video = await openVideo(file);
    expect(video.info).toMatchObject({ width: 1280, height: 720 });
    await video.frames.return(undefined);
    const summary = { frames: 0, decoded: 0 };
    const items = await collect(scanVideo(file, summary));
    expect(items.map((i) => ('bytes' in i ? i.bytes : i.problem))).toEqual(payloads);
    expect(summary).toEqual({ frames: 4, decoded: 4 });
    await expect(openVideoSink(file, { symbol: preset, fps: 10 }).then((s) => s.close())).rejects.toSatisfy((e: unknown) => isOpticalError(e));
  });

  it('reports a video ffmpeg cannot read as a typed error', async () => {
    const bad = join(dir, 'bad.mp4');
    writeFileSync(bad, 'not a video');
    await expect(openVideo(bad)).rejects.toSatisfy((e: unknown) => isOpticalError(e, 'TOOL_FAILED') || isOpticalError(e, 'BAD_Y4M'));
  });
});
