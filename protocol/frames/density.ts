/**
 * Frame sizes, one per QR code size. Each preset names its QR version and error-correction level;
 * capacityBytes is what that QR code holds in byte mode (checked against the qrcode package in the
 * tests), and the symbol size is the capacity less the 30 bytes of header and checksum, rounded
 * down to the fountain's 8-byte alignment. Denser codes carry more per frame but need a sharper
 * camera image; the optical link picks its default from measurements.
 */
import { ProtocolError } from '../errors.ts';
import { SYMBOL_ALIGNMENT } from '../fountain/index.ts';
import { FRAME_OVERHEAD } from './layout.ts';

export type DensityName = 'sparse' | 'low' | 'medium' | 'high' | 'dense' | 'max';
export type ErrorCorrectionLevel = 'L' | 'M' | 'Q' | 'H';

export interface DensityPreset {
  readonly name: DensityName;
  readonly qrVersion: number;
  readonly errorCorrection: ErrorCorrectionLevel;
  /** Byte-mode capacity of that QR version at that level. */
  readonly capacityBytes: number;
  /** T: bytes of transfer each frame carries. */
  readonly symbolSize: number;
  /** Bytes of one frame (header, symbol, checksum); at most capacityBytes. */
  readonly frameBytes: number;
}

function preset(name: DensityName, qrVersion: number, errorCorrection: ErrorCorrectionLevel, capacityBytes: number): DensityPreset {
  const room = capacityBytes - FRAME_OVERHEAD;
  const symbolSize = room - (room % SYMBOL_ALIGNMENT);
  return { name, qrVersion, errorCorrection, capacityBytes, symbolSize, frameBytes: FRAME_OVERHEAD + symbolSize };
}

/** From sparse to dense. */
export const DENSITY_PRESETS: readonly DensityPreset[] = [
  preset('sparse', 10, 'M', 213),
  preset('low', 15, 'M', 412),
  preset('medium', 20, 'M', 666),
  preset('high', 25, 'L', 1273),
  preset('dense', 30, 'L', 1732),
  preset('max', 40, 'L', 2953),
];

/**
 * The preset used when none is named: version 25-L, chosen with DEFAULT_CODES_PER_FRAME (4 codes a
 * picture in a 2x2 grid) from the measurements in docs/bench/optical-codes.md: about 50 KB/s at 10
 * pictures a second through the typical simulated webcam and 47 KB/s in low light, every message
 * recovered; the denser version 30-L is not read at a quarter of the picture. One code alone reads
 * in harsher conditions (docs/optical-link.md says when to choose it).
 */
export const DEFAULT_DENSITY: DensityName = 'high';

export function densityNames(): DensityName[] {
  return DENSITY_PRESETS.map((p) => p.name);
}

/** The preset of that name, or a BAD_ARGUMENT error listing the names. */
export function densityByName(name: string): DensityPreset {
  const found = DENSITY_PRESETS.find((p) => p.name === name);
  if (found === undefined) {
    throw new ProtocolError('BAD_ARGUMENT', `unknown density "${name}"; choose one of ${densityNames().join(', ')}`, { fields: ['density'] });
  }
  return found;
}
