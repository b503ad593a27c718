/**
 * The QR symbol each density preset of the frame format uses (protocol/frames/density.ts), in
 * the terms the renderer and the scanner need: version, error-correction level, and the byte-mode
 * capacity (the largest payload the symbol carries).
 */
import { DENSITY_PRESETS } from '../frames/density.ts';
import type { DensityPreset } from '../frames/density.ts';

export type EcLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrSymbolSpec {
  /** QR version 1..40: the symbol is 17 + 4 * version modules wide. */
  readonly version: number;
  readonly ecLevel: EcLevel;
}

export interface QrPreset extends QrSymbolSpec {
  readonly name: string;
  /** Byte-mode capacity of the symbol: the largest payload it carries. */
  readonly payloadBytes: number;
}

/** The QR symbol of a density preset. */
export function symbolOf(density: Pick<DensityPreset, 'qrVersion' | 'errorCorrection'>): QrSymbolSpec {
  return { version: density.qrVersion, ecLevel: density.errorCorrection };
}

/** Every density preset as a QR symbol, sparse to dense. */
export const QR_PRESETS: readonly QrPreset[] = DENSITY_PRESETS.map((d) => ({ name: d.name, ...symbolOf(d), payloadBytes: d.capacityBytes }));

export function qrModules(version: number): number {
  return 17 + 4 * version;
}
