/**
 * online/optical/bundle.ts and protocol/optical/scan-worker.ts: The optical link in a real browser: headless Chromium plays a y4m of simulated camera captures
 * of a message's frame stream as its webcam; a page on 127.0.0.1 opens it with getUserMedia, the
 * scan worker decodes the frames, and the page's frame decoder rebuilds the message byte for byte.
 * Every request the browser makes is recorded: it never leaves our test server (wasm included).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { densityByName, FrameEncoder } from '../../../protocol/frames/index.ts';
import { decodePng, frameImage, QR_PRESETS, symbolOf } from '../../../protocol/optical/index.ts';
import { loadFountain, raptorqWasmPath } from '../../../node/wasm.ts';
import { bundleBrowserScript, bundleScanWorker, openVideoWriter } from '../../../online/optical/index.ts';
import { createScanner, zxingWasmPath } from '../../../node/wasm.ts';
import { CameraSimulator } from '../../../online/optical/simulator/index.ts';

interface ScanRecord {
  payloads: string[];
  frames: number;
  decoded: number;
  msTotal: number;
  mode?: string;
  decoder?: string;
  message?: string;
  error?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'airsign-browser-'));
// A message of 10 frames at the medium density, its stream joined at frame 500 (repair frames only).
const density = densityByName('medium');
const message = Uint8Array.from({ length: density.symbolSize * 10 - 3 }, (_, i) => (i * 2654435761) >>> 24);
let payloads: Uint8Array[] = [];
const requests: string[] = [];
let server: Server;
let origin: string;

beforeAll(async () => {
  // What the webcam sees: the frames shown at 10 fps, captured at 30 fps by the simulator.
  loadFountain();
  const encoder = new FrameEncoder(message, { density, start: 500 });
  payloads = Array.from({ length: 13 }, () => encoder.next());
  encoder.dispose();
  const camera = join(dir, 'camera.y4m');
  const sim = new CameraSimulator({ displayFps: 10, severity: 'mild', seed: 3 });
  const writer = await openVideoWriter(camera, sim.camera, sim.camera.fps);
  for (const c of sim.captures(payloads.map((p) => frameImage(p, symbolOf(density))))) await writer.write(c.image);
  await writer.close();
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>scan</title><script type="module" src="/page.js"></script>'],
    '/page.js': ['text/javascript', await bundleBrowserScript('test/online/optical/fixtures/camera-page.ts')],
    '/scan-worker.js': ['text/javascript', await bundleScanWorker()],
    '/canvas': ['text/html', '<!doctype html><meta charset="utf-8"><title>canvas</title><body><script type="module" src="/canvas.js"></script>'],
    '/canvas.js': ['text/javascript', await bundleBrowserScript('test/online/optical/fixtures/canvas-page.ts')],
    '/assets/zxing_reader.wasm': ['application/wasm', readFileSync(zxingWasmPath())],
    '/assets/raptorq_bg.wasm': ['application/wasm', readFileSync(raptorqWasmPath())],
  };
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(path);
    const file = files[path];
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function launch(): Promise<{ context: BrowserContext; profile: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'airsign-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${join(dir, 'camera.y4m')}`,
    ],
  });
  return { context, profile };
}

describe('camera scanning in Chromium', () => {
  it.each(['track', 'canvas'] as const)('rebuilds the message from the fake camera, decoding in a worker (%s mode)', async (mode) => {
    const { context, profile } = await launch();
    const seen: string[] = [];
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('request', (r) => seen.push(r.url()));
      await page.goto(`${origin}/?mode=${mode}`);
      let record: ScanRecord | undefined;
      // The fake camera loops the video; stop once the message is whole (or give up).
      for (let i = 0; i < 240; i++) {
        record = await page.evaluate(() => (globalThis as unknown as { airsignScan?: ScanRecord }).airsignScan);
        if (record?.error !== undefined || record?.message !== undefined) break;
        await page.waitForTimeout(250);
      }
      expect(record?.error).toBeUndefined();
      expect(record).toMatchObject({ mode, decoder: 'zxing' });
      expect(record!.message).toBe(toHex(message));
      // Whatever it decoded was one of the frames shown, byte for byte.
      const shown = new Set(payloads.map(toHex));
      expect(record!.payloads.length).toBeGreaterThanOrEqual(10);
      expect(record!.payloads.filter((p) => !shown.has(p))).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    // Nothing but our own server: no CDN, no other origin.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(requests).toContain('/assets/zxing_reader.wasm');
    expect(requests).toContain('/assets/raptorq_bg.wasm');
  });

  it('draws frames on a canvas that decode to their payloads', async () => {
    const { context, profile } = await launch();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.setViewportSize({ width: 720, height: 720 });
      await page.goto(`${origin}/canvas`);
      await page.waitForFunction(() => 'airsignDraw' in globalThis);
      for (const p of [QR_PRESETS[0]!, QR_PRESETS[5]!]) {
        const bytes = Uint8Array.from({ length: p.payloadBytes }, (_, i) => (i * 57 + 3) & 255);
        await page.evaluate(([hex, version, ec]) => (globalThis as unknown as { airsignDraw: (h: string, v: number, e: string) => void }).airsignDraw(hex, version, ec), [toHex(bytes), p.version, p.ecLevel] as const);
        const shot = await page.locator('#frame').screenshot();
        const found = (await createScanner()).scan(decodePng(new Uint8Array(shot)));
        expect(found?.payload, p.name).toEqual(bytes);
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
