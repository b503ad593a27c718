/** Simulated webcam captures of known frames, for the optical benchmarks. */
import { frameImage } from '../../protocol/optical/index.ts';
import type { GreyImage, QrPreset } from '../../protocol/optical/index.ts';
import { CameraSimulator } from '../../online/optical/simulator/index.ts';
import type { Severity } from '../../online/optical/simulator/index.ts';

export interface LabelledCapture {
  readonly preset: QrPreset;
  readonly image: GreyImage;
  /** Payloads of the frames this capture saw: decoding any of them is a success. */
  readonly shown: readonly Uint8Array[];
}

/** Distinct full-size payloads, first byte = frame number so decodes are attributable. */
export function payloadsFor(preset: QrPreset, count: number, seed: number): Uint8Array[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: count }, (_, k) =>
    Uint8Array.from({ length: preset.payloadBytes }, (_, i) => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return i === 0 ? k : s & 255;
    }),
  );
}

export function captureSet(preset: QrPreset, frames: number, displayFps: number, severity: Severity, seed: number): LabelledCapture[] {
  const payloads = payloadsFor(preset, frames, seed);
  const sim = new CameraSimulator({ displayFps, severity, seed });
  return [...sim.captures(payloads.map((p) => frameImage(p, preset)))].map((c) => ({ preset, image: c.image, shown: c.frames.map((k) => payloads[k]!) }));
}
