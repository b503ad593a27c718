/**
 * Showing one transfer as animated QR codes until stopped: its endless fountain frame stream at a
 * density preset, drawn on a canvas (sized to its place on screen), N codes a picture, at a display rate.
 * Both operator pages show this way.
 */
import { FrameEncoder, densityByName } from '../frames/index.ts';
import { codeGrid, symbolOf } from '../optical/index.ts';
import { fitCanvasToDisplay, playFrames } from './frame-player.ts';

export interface TransferShow {
  /** Frames shown so far (a picture of N codes shows N). */
  readonly shown: number;
  /** Frames that carry the transfer once (K); a receiver needs about that many distinct ones. */
  readonly sourceSymbols: number;
  stop(): void;
}

/** codes: frames in each picture (1, 2 or 4), each an independent fountain frame of the stream. */
export function showTransfer(canvas: HTMLCanvasElement, transfer: Uint8Array, density: string, fps: number, codes = 1): TransferShow {
  const preset = densityByName(density);
  codeGrid(codes, canvas); // a count it cannot draw is refused before anything is shown
  fitCanvasToDisplay(canvas);
  const encoder = new FrameEncoder(transfer, { density: preset });
  const player = playFrames(canvas, () => encoder.next(), symbolOf(preset), fps, {}, codes);
  let stopped = false;
  return {
    get shown() {
      return player.shown;
    },
    sourceSymbols: encoder.sourceSymbols,
    stop() {
      if (stopped) return;
      stopped = true;
      player.stop();
      encoder.dispose();
    },
  };
}
