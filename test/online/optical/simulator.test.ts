/**
 * online/optical/simulator/: The camera simulator: deterministic for a seed, with the faults it promises (blends, drops,
 * perspective), and decodable through at every density preset.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../protocol/hash.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { DENSITY_PRESETS, FrameDecoder, FrameEncoder } from '../../../protocol/frames/index.ts';
import { frameImage, QR_PRESETS, symbolOf } from '../../../protocol/optical/index.ts';
import { loadFountain } from '../../../node/wasm.ts';
import type { GreyImage, QrScanner } from '../../../protocol/optical/index.ts';
import { CameraSimulator } from '../../../online/optical/simulator/index.ts';
import { createScanner } from '../../../node/wasm.ts';
import { exposureBlend, frameStart } from '../../../online/optical/simulator/timeline.ts';

const payload = (n: number, k: number) => Uint8Array.from({ length: n }, (_, i) => (i * 73 + k * 29 + (i >> 8)) & 255).map((b, i) => (i === 0 ? k : b));

function shown(preset: (typeof QR_PRESETS)[number], count: number): { payloads: Uint8Array[]; frames: GreyImage[] } {
  const payloads = Array.from({ length: count }, (_, k) => payload(preset.payloadBytes, k));
  return { payloads, frames: payloads.map((p) => frameImage(p, preset)) };
}

const digest = (images: GreyImage[]) => toHex(sha256(Uint8Array.from(images.flatMap((i) => [...i.data.subarray(0, 4096), ...i.data.subarray(500_000, 504_096)]))));

describe('camera simulator', () => {
  const sparse = shown(QR_PRESETS[0]!, 3);

  it('gives the same captures for the same seed, and different ones for another', () => {
    const run = (seed: number) => [...new CameraSimulator({ displayFps: 15, seed }).captures(sparse.frames)].map((c) => c.image);
    const a = run(4);
    expect(a.length).toBeGreaterThan(3);
    expect(a[0]).toMatchObject({ width: 1280, height: 720 });
    expect(digest(run(4))).toBe(digest(a));
    expect(digest(run(5))).not.toBe(digest(a));
  });

  it('streams frames from an async source with the same result as from memory', async () => {
    const sim = () => new CameraSimulator({ displayFps: 10, seed: 2, severity: 'harsh' });
    const fromMemory = [...sim().captures(sparse.frames)].map((c) => c.image);
    async function* source() {
      for (const f of sparse.frames) yield f;
    }
    const streamed: GreyImage[] = [];
    for await (const c of sim().capturesFrom(source())) streamed.push(c.image);
    expect(digest(streamed)).toBe(digest(fromMemory));
  });

  it('shows frames on refresh ticks and blends frames a capture straddles', () => {
    expect(frameStart(1, 25, 60)).toBeCloseTo(3 / 60); // 25 fps on 60 Hz: 3 ticks, then 2, ...
    expect(frameStart(2, 25, 60)).toBeCloseTo(5 / 60);
    const parts = exposureBlend(0.09, 0.11, 10, 60);
    expect(parts.map((p) => p.frame)).toEqual([0, 1]);
    expect(parts[0]!.weight + parts[1]!.weight).toBeCloseTo(1);
    // At 30 fps display the rolling shutter makes blended captures; harsh drops some captures.
    const captures = [...new CameraSimulator({ displayFps: 30, seed: 1, severity: 'harsh' }).captures(shown(QR_PRESETS[0]!, 10).frames)];
    expect(captures.some((c) => c.frames.length > 1)).toBe(true);
    const indices = captures.map((c) => c.index);
    expect(indices.length).toBeLessThan(indices[indices.length - 1]! + 1);
  });
});

describe('decoding through the simulator', () => {
  let scanner: () => Promise<QrScanner>;
  beforeAll(() => {
    scanner = () => createScanner();
  });

  it.each(QR_PRESETS.map((p) => [p.name, p] as const))('recovers every payload at %s, 10 fps, typical camera', async (_, preset) => {
    const { payloads, frames } = shown(preset, 5);
    const scan = await scanner();
    const found = new Map<number, Uint8Array>();
    for (const c of new CameraSimulator({ displayFps: 10, seed: 7 }).captures(frames)) {
      const r = scan.scan(c.image);
      if (r !== undefined) found.set(r.payload[0]!, r.payload);
    }
    // Every displayed frame is seen in 3 captures: each payload comes through, byte for byte.
    expect([...found.keys()].sort((a, b) => a - b)).toEqual(payloads.map((_, k) => k));
    for (const [k, bytes] of found) expect(bytes).toEqual(payloads[k]);
  });
});

describe('whole messages through the simulator', () => {
  it.each(DENSITY_PRESETS.map((d) => [d.name, d] as const))('recovers a message exactly at %s, 15 fps, from a random start', async (_, density) => {
    loadFountain();
    // Six frames' worth, whatever the density; the stream starts well into its repair frames.
    const message = Uint8Array.from({ length: density.symbolSize * 6 - 5 }, (_, i) => (i * 2654435761 + density.qrVersion) >>> 24);
    const encoder = new FrameEncoder(message, { density, start: 37, sessionId: 77 });
    const decoder = new FrameDecoder();
    const scan = await createScanner();
    const shown = Array.from({ length: 14 }, () => frameImage(encoder.next(), symbolOf(density)));
    let complete = false;
    for (const c of new CameraSimulator({ displayFps: 15, seed: 21 }).captures(shown)) {
      const found = scan.scan(c.image);
      if (found !== undefined && decoder.push(found.payload).status === 'complete') {
        complete = true;
        break;
      }
    }
    expect(complete).toBe(true);
    expect(decoder.result()).toEqual(message);
    encoder.dispose();
    decoder.dispose();
  });
});

