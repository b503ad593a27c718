/**
 * Decode time per simulated 1280x720 camera frame and success rate: our scan path against plain
 * jsQR on the same frames, interleaved frame by frame so the machine's other load falls on both
 * alike, and zbarimg's success rate on the same frames written as PNG.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { bytesEqual } from '../../protocol/bytes.ts';
import { encodePng, greyToRgba, QrScanner } from '../../protocol/optical/index.ts';
import type { QrPreset } from '../../protocol/optical/index.ts';
import { loadZxing } from '../../node/wasm.ts';
import type { LabelledCapture } from './captures.ts';
import { cpuUs } from './stats.ts';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { binaryData: number[] } | null;
const jsQR = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

export interface FrameResult {
  readonly preset: string;
  readonly oursMs: number;
  readonly oursCpuMs: number;
  readonly oursGreyMs: number;
  readonly oursOk: boolean;
  readonly jsqrMs: number;
  readonly jsqrCpuMs: number;
  readonly jsqrOk: boolean;
  readonly zbarOk: boolean;
}

const matches = (bytes: Uint8Array | undefined, shown: readonly Uint8Array[]) => bytes !== undefined && shown.some((s) => bytesEqual(s, bytes));

function zbarimg(path: string): Uint8Array | undefined {
  const r = spawnSync('zbarimg', ['--quiet', '--raw', '--nodbus', '-Sdisable', '-Sqrcode.enable', '-Sbinary', path]);
  return r.status === 0 ? new Uint8Array(r.stdout) : undefined;
}

/**
 * Runs every capture of each preset's stream through: ours on RGBA (what a canvas gives: the
 * slower input) and on grey (what a camera track's VideoFrame gives), plain jsQR on RGBA, and
 * zbarimg on a PNG of the same pixels.
 */
export async function measureDecoding(streams: ReadonlyMap<QrPreset, readonly LabelledCapture[]>, log: (s: string) => void): Promise<FrameResult[]> {
  const zxing = await loadZxing();
  const dir = mkdtempSync(join(tmpdir(), 'airsign-bench-optical-'));
  const results: FrameResult[] = [];
  try {
    for (const [preset, captures] of streams) {
      const rgbaScanner = new QrScanner(zxing);
      const greyScanner = new QrScanner(zxing);
      // Warm both decoders (JIT, wasm tiers) on this preset before timing anything.
      for (const c of captures.slice(0, 3)) {
        new QrScanner(zxing).scan(c.image);
        jsQR(greyToRgba(c.image).data as Uint8ClampedArray, c.image.width, c.image.height);
      }
      let n = 0;
      for (const c of captures) {
        const rgba = greyToRgba(c.image);
        let t = performance.now();
        let u = cpuUs();
        const ours = rgbaScanner.scan(rgba);
        const oursMs = performance.now() - t;
        const oursCpuMs = (cpuUs() - u) / 1000;
        t = performance.now();
        greyScanner.scan(c.image);
        const oursGreyMs = performance.now() - t;
        t = performance.now();
        u = cpuUs();
        const theirs = jsQR(rgba.data as Uint8ClampedArray, rgba.width, rgba.height);
        const jsqrMs = performance.now() - t;
        const jsqrCpuMs = (cpuUs() - u) / 1000;
        const png = join(dir, `${preset.name}-${n++}.png`);
        writeFileSync(png, encodePng(c.image, { level: 1 }));
        results.push({
          preset: preset.name,
          oursMs,
          oursCpuMs,
          oursGreyMs,
          oursOk: matches(ours?.payload, c.shown),
          jsqrMs,
          jsqrCpuMs,
          jsqrOk: matches(theirs === null ? undefined : Uint8Array.from(theirs.binaryData), c.shown),
          zbarOk: matches(zbarimg(png), c.shown),
        });
      }
      log(`decode ${preset.name}: ${captures.length} frames`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
