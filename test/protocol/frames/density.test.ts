/** Each density preset fits its QR code exactly: the qrcode package takes its capacity in byte mode, and not a byte more. */
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { isProtocolError } from '../../../protocol/errors.ts';
import { DENSITY_PRESETS, DEFAULT_DENSITY, FrameEncoder, densityByName } from '../../../protocol/frames/index.ts';
import './support.ts';

function fits(bytes: number, version: number, level: 'L' | 'M' | 'Q' | 'H'): boolean {
  try {
    const qr = QRCode.create([{ data: new Uint8Array(bytes).fill(0xa5), mode: 'byte' }], { version, errorCorrectionLevel: level });
    return qr.version === version;
  } catch {
    return false;
  }
}

describe('density presets', () => {
  it('lists the presets from sparse to dense', () => {
    expect(DENSITY_PRESETS.map((p) => [p.name, p.qrVersion, p.errorCorrection, p.capacityBytes, p.symbolSize, p.frameBytes])).toEqual([
      ['sparse', 10, 'M', 213, 176, 206],
      ['low', 15, 'M', 412, 376, 406],
      ['medium', 20, 'M', 666, 632, 662],
      ['high', 25, 'L', 1273, 1240, 1270],
      ['dense', 30, 'L', 1732, 1696, 1726],
      ['max', 40, 'L', 2953, 2920, 2950],
    ]);
    expect(densityByName(DEFAULT_DENSITY).name).toBe(DEFAULT_DENSITY);
  });

  it.each(DENSITY_PRESETS.map((p) => [p.name, p] as const))('%s: capacity checked against the qrcode package', (_name, p) => {
    expect(fits(p.capacityBytes, p.qrVersion, p.errorCorrection)).toBe(true);
    expect(fits(p.capacityBytes + 1, p.qrVersion, p.errorCorrection)).toBe(false);
    expect(p.frameBytes).toBeLessThanOrEqual(p.capacityBytes);
    expect(p.symbolSize % 8).toBe(0);
  });

  it('makes frames of exactly frameBytes', () => {
    for (const p of DENSITY_PRESETS) {
      const encoder = new FrameEncoder(new Uint8Array(5000).fill(7), { density: p.name });
      expect(encoder.next().length).toBe(p.frameBytes);
      encoder.dispose();
    }
  });

  it('refuses an unknown name, listing the known ones', () => {
    let error: unknown;
    try {
      densityByName('huge');
    } catch (e) {
      error = e;
    }
    expect(isProtocolError(error, 'BAD_ARGUMENT')).toBe(true);
    expect(String(error)).toContain('sparse, low, medium, high, dense, max');
  });
});
