/**
 * The QR symbol each density preset uses, and the byte-mode payload it carries. The frame
 * format names the presets; this table is what the renderer and the decoder need of them.
 */
export type EcLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrSymbolSpec {
  /** QR version 1..40: the symbol is 17 + 4 * version modules wide. */
  readonly version: number;
  readonly ecLevel: EcLevel;
}

export interface QrPreset extends QrSymbolSpec {
  readonly name: string;
  /** Byte-mode capacity of the symbol: the largest frame it carries. */
  readonly payloadBytes: number;
}

export const QR_PRESETS: readonly QrPreset[] = [
  { name: 'sparse', version: 10, ecLevel: 'M', payloadBytes: 213 },
  { name: 'low', version: 15, ecLevel: 'M', payloadBytes: 412 },
  { name: 'medium', version: 20, ecLevel: 'M', payloadBytes: 666 },
  { name: 'high', version: 25, ecLevel: 'L', payloadBytes: 1273 },
  { name: 'dense', version: 30, ecLevel: 'L', payloadBytes: 1732 },
  { name: 'max', version: 40, ecLevel: 'L', payloadBytes: 2953 },
];

export function qrModules(version: number): number {
  return 17 + 4 * version;
}
