/**
 * A binary payload as a QR module matrix, in byte mode at a fixed version and EC level, so
 * every frame of a stream has the same geometry (the scanner's region tracking relies on it).
 */
import { create } from 'qrcode/lib/core/qrcode.js';
import { OpticalError } from './errors.ts';
import type { QrSymbolSpec } from './qr-presets.ts';
import { qrModules } from './qr-presets.ts';

export interface QrMatrix {
  /** Modules per side, quiet zone excluded. */
  readonly size: number;
  readonly version: number;
  /** size * size entries, row-major, 1 = dark module. */
  readonly modules: Uint8Array;
}

/**
 * `mask` fixes the data mask (0..7). Left out, the mask is chosen by the standard's penalty
 * rules: the conforming choice, but most of the rendering time (about 35 ms of 37 for version 40
 * here); a player short of time can fix it, since readers cope with any mask on random data.
 */
export function renderQrMatrix(payload: Uint8Array, spec: QrSymbolSpec, mask?: number): QrMatrix {
  if (!(payload instanceof Uint8Array) || payload.length === 0) {
    throw new OpticalError('BAD_ARGUMENT', '"payload" expected a non-empty Uint8Array');
  }
  if (!Number.isInteger(spec.version) || spec.version < 1 || spec.version > 40) {
    throw new OpticalError('BAD_ARGUMENT', `QR version ${spec.version} is not 1..40`);
  }
  if (mask !== undefined && !(Number.isInteger(mask) && mask >= 0 && mask <= 7)) throw new OpticalError('BAD_ARGUMENT', `QR mask ${mask} is not 0..7`);
  let symbol;
  try {
    symbol = create([{ data: payload, mode: 'byte' }], { version: spec.version, errorCorrectionLevel: spec.ecLevel, ...(mask === undefined ? {} : { maskPattern: mask }) });
  } catch (cause) {
    throw new OpticalError('PAYLOAD_TOO_LARGE', `${payload.length} bytes do not fit a version ${spec.version}-${spec.ecLevel} QR code in byte mode`, { cause });
  }
  const size = symbol.modules.size;
  if (size !== qrModules(spec.version)) throw new OpticalError('BAD_ARGUMENT', `QR renderer chose ${size} modules, expected ${qrModules(spec.version)}`);
  return { size, version: spec.version, modules: Uint8Array.from(symbol.modules.data) };
}
