// Types for the pure core of `qrcode` (lib/core/qrcode.js), imported directly so neither the
// Node renderer (fs, pngjs) nor the canvas renderer comes along.
declare module 'qrcode/lib/core/qrcode.js' {
  export interface QrSegment {
    data: Uint8Array | string;
    mode: 'byte' | 'alphanumeric' | 'numeric' | 'kanji';
  }
  export interface QrSymbol {
    modules: { size: number; data: Uint8Array };
    version: number;
    maskPattern: number;
  }
  export function create(data: QrSegment[] | string, options?: { version?: number; errorCorrectionLevel?: string; maskPattern?: number }): QrSymbol;
}
