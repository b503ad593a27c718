/**
 * The two links the goodput benchmark compares, behind one shape: an endless stream of payloads
 * to show, and a decoder that says when the message is whole. Each link knows how its payloads
 * become QR codes.
 */
import { UR, URDecoder, UREncoder } from '@ngraveio/bc-ur';
import { create } from 'qrcode/lib/core/qrcode.js';
import { rasterizeQr, fitModuleSize, FIT_720 } from '../../protocol/optical/index.ts';
import type { GreyImage } from '../../protocol/optical/index.ts';
import { bytesEqual } from '../../protocol/bytes.ts';

export interface LinkSession {
  /** K: the fewest frames that could carry the message. */
  readonly sourceFrames: number;
  /** The next frame to show, rendered. */
  nextFrame(): GreyImage;
  /** Feeds a scanned payload; true once the message is recovered (and checked equal). */
  receive(payload: Uint8Array): boolean;
  /** Distinct useful frames received so far. */
  readonly received: number;
  dispose(): void;
}

export interface Link {
  readonly name: string;
  /** Codes in each displayed picture (airsign's link; others show one, and are scanned for one). */
  readonly codesPerFrame?: number;
  open(message: Uint8Array, startAt: number): LinkSession;
}

/**
 * BC-UR as air-gapped wallets use it: 400-byte fragments, each part as uppercase UR text in a
 * QR code's alphanumeric mode at the smallest version that holds it (error correction L).
 */
export function bcurLink(fragmentBytes = 400): Link {
  return {
    name: `BC-UR, ${fragmentBytes}-byte fragments`,
    open(message, startAt) {
      const encoder = new UREncoder(UR.fromBuffer(Buffer.from(message)), fragmentBytes, startAt, 10);
      const decoder = new URDecoder();
      const seen = new Set<string>();
      return {
        sourceFrames: encoder.fragmentsLength,
        nextFrame() {
          const part = encoder.nextPart().toUpperCase();
          const symbol = create([{ data: part, mode: 'alphanumeric' }], { errorCorrectionLevel: 'L' });
          const matrix = { size: symbol.modules.size, version: symbol.version, modules: Uint8Array.from(symbol.modules.data) };
          return rasterizeQr(matrix, { moduleSize: fitModuleSize(matrix.size, FIT_720) });
        },
        receive(payload) {
          const text = new TextDecoder().decode(payload).toLowerCase();
          if (!text.startsWith('ur:')) return false;
          seen.add(text);
          decoder.receivePart(text);
          if (!decoder.isComplete()) return false;
          if (!decoder.isSuccess()) throw new Error(`BC-UR decoding failed: ${decoder.resultError()}`);
          const got = new Uint8Array(decoder.resultUR().decodeCBOR());
          if (!bytesEqual(got, message)) throw new Error('BC-UR decoded the wrong message');
          return true;
        },
        get received() {
          return seen.size;
        },
        dispose() {},
      };
    },
  };
}
