/**
 * One crossing of the air gap: the sending side's screen shows a video of QR frames, the
 * receiving side's camera (the simulator) records it. What the report needs of it: frames shown,
 * captures recorded, and the display time at the screen's rate.
 */
import type { Programs } from './programs.ts';
import type { ProcessRunner } from './processes.ts';
import { y4mLength } from './y4m-frames.ts';

export interface Hop {
  readonly what: 'certificate' | 'request' | 'response';
  readonly round: number;
  readonly framesShown: number;
  readonly captures: number;
  readonly fps: number;
  /** Display time of the frames: frames shown / fps. */
  readonly seconds: number;
}

export interface CameraSettings {
  readonly severity: string;
  readonly seed: number;
}

/** Records `screen` with the simulated camera into `camera`; the screen video's own rate is the display rate. */
export function recordScreen(runner: ProcessRunner, programs: Programs, hop: { what: Hop['what']; round: number; screen: string; camera: string }, settings: CameraSettings): Hop {
  runner.run(programs.airsign(['frames', 'simulate', hop.screen, '--out', hop.camera, '--severity', settings.severity, '--seed', String(settings.seed)]));
  const shown = y4mLength(hop.screen);
  const captured = y4mLength(hop.camera);
  return { what: hop.what, round: hop.round, framesShown: shown.frames, captures: captured.frames, fps: shown.fps, seconds: shown.frames / shown.fps };
}
