/**
 * What the simulated webcam is like, and how bad the conditions are. Three severities stand
 * for a steady, well-lit set-up (mild), a laptop held up to a monitor in an office (typical),
 * and a poor one: steep angle, glare, soft focus, a slow auto-exposure (harsh).
 *
 * Timing matters most for goodput. A 720p webcam's rolling shutter takes most of a frame period
 * to read the sensor out (25 ms typical), and indoors the exposure is long (12 ms typical, 25 ms
 * harsh): a capture is clean only if the screen does not change during readout plus exposure.
 */
export interface CameraOptions {
  readonly width: number;
  readonly height: number;
  /** Captures per second. */
  readonly fps: number;
  /** Fraction of the frame height the displayed image spans, before tilt. */
  readonly coverage: number;
  /** Largest tilt of the screen plane about each in-plane axis, degrees. */
  readonly tilt: number;
  /** Largest in-plane rotation, degrees. */
  readonly roll: number;
  /** Largest offset of the screen from the frame centre, fraction of the frame height. */
  readonly offset: number;
  /** Hand shake between captures: standard deviation, pixels (and a tenth of that in degrees). */
  readonly shake: number;
  /** Focus blur, Gaussian sigma in camera pixels. */
  readonly blurSigma: number;
  /** Sensor noise, standard deviation in grey levels. */
  readonly noiseSigma: number;
  /** Sensor level of the screen's black and white (glare lifts black, the backlight caps white). */
  readonly screenBlack: number;
  readonly screenWhite: number;
  /** Exposure gain, and its random change from capture to capture (auto-exposure, flicker). */
  readonly exposure: number;
  readonly exposureJitter: number;
  /** Response curve: output = input^(1/gamma). */
  readonly gamma: number;
  /** Nearest-neighbour sampling of the screen: moire where the scale is not whole. */
  readonly nearest: boolean;
  /** Fraction of captures lost (USB hiccups, a busy page). */
  readonly dropRate: number;
  /** Exposure time, seconds; a capture straddling a frame change sees a blend of both. */
  readonly shutter: number;
  /** Rolling-shutter readout, top row to bottom row, seconds. */
  readonly readout: number;
  /** The camera clock's error against the screen's, largest relative drift (never phase-locked). */
  readonly clockDrift: number;
  /** Random timing error of each capture, standard deviation, seconds. */
  readonly timingJitter: number;
  /** Screen refresh rate: displayed frames change on its ticks. */
  readonly refreshHz: number;
  /** Level of whatever surrounds the displayed image (bezel, page). */
  readonly background: number;
}

export type Severity = 'mild' | 'typical' | 'harsh';

const WEBCAM = { width: 1280, height: 720, fps: 30, refreshHz: 60 } as const;

export const SEVERITIES: Readonly<Record<Severity, CameraOptions>> = {
  mild: {
    ...WEBCAM, coverage: 0.92, tilt: 2, roll: 1, offset: 0.02, shake: 0.3, blurSigma: 0.5, noiseSigma: 2,
    screenBlack: 20, screenWhite: 235, exposure: 1, exposureJitter: 0.02, gamma: 1, nearest: false,
    dropRate: 0.01, shutter: 1 / 250, readout: 1 / 60, clockDrift: 0.002, timingJitter: 0.0005, background: 90,
  },
  typical: {
    ...WEBCAM, coverage: 0.88, tilt: 6, roll: 2, offset: 0.03, shake: 0.8, blurSigma: 0.8, noiseSigma: 4,
    screenBlack: 35, screenWhite: 220, exposure: 1, exposureJitter: 0.05, gamma: 1.2, nearest: true,
    dropRate: 0.03, shutter: 1 / 80, readout: 1 / 40, clockDrift: 0.003, timingJitter: 0.001, background: 70,
  },
  harsh: {
    ...WEBCAM, coverage: 0.8, tilt: 12, roll: 4, offset: 0.05, shake: 1.5, blurSigma: 1.1, noiseSigma: 7,
    screenBlack: 55, screenWhite: 200, exposure: 0.9, exposureJitter: 0.1, gamma: 1.4, nearest: true,
    dropRate: 0.08, shutter: 1 / 40, readout: 1 / 35, clockDrift: 0.005, timingJitter: 0.002, background: 50,
  },
};

export const SEVERITY_NAMES: readonly Severity[] = ['mild', 'typical', 'harsh'];
