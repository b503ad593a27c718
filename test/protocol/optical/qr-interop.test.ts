/**
 * QR interoperability with tools we did not write: zbarimg reads our PNG frames byte for byte
 * at every preset, and our decoder reads qrencode's 8-bit codes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, encodePng, frameImage, isOpticalError, QR_PRESETS, QrScanner, qrModules, renderQrMatrix, ZxingDecoder } from '../../../protocol/optical/index.ts';
import { zxingWasmPath } from '../../../node/wasm.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-qr-'));
let zxing: ZxingDecoder;
beforeAll(async () => {
  zxing = await ZxingDecoder.load({ wasmBinary: new Uint8Array(readFileSync(zxingWasmPath())) });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every byte value, in a different order per seed, filling the whole capacity. */
function payload(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = i < 256 ? (i + seed) & 255 : s >>> 24;
  }
  return out;
}

function zbarimg(path: string): Buffer {
  // --raw with the binary config: the symbol's bytes exactly, no charset guessing, no newline.
  const r = spawnSync('zbarimg', ['--quiet', '--raw', '--nodbus', '-Sdisable', '-Sqrcode.enable', '-Sbinary', path]);
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout;
}

describe('QR interoperability', () => {
  it('renders each preset at its fixed version, and refuses what does not fit', () => {
    for (const p of QR_PRESETS) expect(renderQrMatrix(payload(p.payloadBytes, 1), p).size).toBe(qrModules(p.version));
    let thrown: unknown;
    try {
      renderQrMatrix(payload(214, 1), QR_PRESETS[0]!);
    } catch (e) {
      thrown = e;
    }
    expect(isOpticalError(thrown, 'PAYLOAD_TOO_LARGE')).toBe(true);
  });

  it.each(QR_PRESETS.map((p) => [p.name, p] as const))('zbarimg reads our %s frames byte for byte', (_, preset) => {
    for (const length of [1, preset.payloadBytes]) {
      const bytes = payload(length, length);
      const file = join(dir, `${preset.name}-${length}.png`);
      writeFileSync(file, encodePng(frameImage(bytes, preset)));
      expect(new Uint8Array(zbarimg(file))).toEqual(bytes);
      // And our own decoder reads the same file.
      expect(zxing.decode(decodePng(readFileSync(file)))[0]?.bytes).toEqual(bytes);
    }
  });

  it('decodes 8-bit codes made by qrencode, with zxing and with the jsQR fallback', () => {
    const scanner = new QrScanner(zxing, { jsqr: 'never' });
    const jsOnly = new QrScanner(undefined);
    for (const [version, level, length] of [[5, 'L', 100], [15, 'M', 412], [25, 'L', 1273], [40, 'L', 2953]] as const) {
      const bytes = payload(length, version);
      const input = join(dir, `qrencode-${version}.bin`);
      const output = join(dir, `qrencode-${version}.png`);
      writeFileSync(input, bytes);
      const r = spawnSync('qrencode', ['-8', '-v', String(version), '-l', level, '-s', '4', '-o', output, '-r', input]);
      expect(r.status, r.stderr.toString()).toBe(0);
      const image = decodePng(readFileSync(output));
      expect(scanner.scan(image)?.payload, `zxing v${version}`).toEqual(bytes);
      scanner.reset();
      if (version <= 25) expect(jsOnly.scan(image)?.payload, `jsQR v${version}`).toEqual(bytes);
      jsOnly.reset();
    }
  });
});
