/** Writes y4m streams from grey frames (neutral chroma when the colourspace has any). */
import { OpticalError } from './errors.ts';
import { assertImageSize } from './image.ts';
import type { GreyImage } from './image.ts';
import { formatY4mHeader, y4mFrameBytes } from './y4m-format.ts';
import type { Y4mColourspace, Y4mInfo } from './y4m-format.ts';

const FRAME_LINE = new TextEncoder().encode('FRAME\n');

export class Y4mWriter {
  readonly info: Y4mInfo;
  private readonly frameBytes: number;

  /** Chromium's fake camera wants 4:2:0; 'mono' is a third the size for our own tools. */
  constructor(width: number, height: number, fps: number | { num: number; den: number }, colourspace: Y4mColourspace = '420jpeg') {
    assertImageSize(width, height, 'y4m frame');
    const { num, den } = typeof fps === 'number' ? fpsFraction(fps) : fps;
    if (!Number.isInteger(num) || !Number.isInteger(den) || num < 1 || den < 1) throw new OpticalError('BAD_ARGUMENT', `bad frame rate ${num}/${den}`);
    this.info = { width, height, fpsNum: num, fpsDen: den, colourspace };
    this.frameBytes = y4mFrameBytes(this.info);
  }

  header(): Uint8Array {
    return new TextEncoder().encode(formatY4mHeader(this.info));
  }

  /** One frame: the FRAME line, the luma plane, neutral chroma. */
  frame(image: GreyImage): Uint8Array {
    const { width, height } = this.info;
    if (image.width !== width || image.height !== height) {
      throw new OpticalError('BAD_ARGUMENT', `frame is ${image.width}x${image.height}, the stream is ${width}x${height}`);
    }
    const out = new Uint8Array(FRAME_LINE.length + this.frameBytes);
    out.set(FRAME_LINE, 0);
    out.set(image.data.subarray(0, width * height), FRAME_LINE.length);
    out.fill(128, FRAME_LINE.length + width * height);
    return out;
  }
}

/** A frame rate as a fraction: whole numbers exactly, others to a millihertz. */
export function fpsFraction(fps: number): { num: number; den: number } {
  if (!(fps > 0) || fps > 1000) throw new OpticalError('BAD_ARGUMENT', `frame rate ${fps} is not in (0, 1000]`);
  return Number.isInteger(fps) ? { num: fps, den: 1 } : { num: Math.round(fps * 1000), den: 1000 };
}
