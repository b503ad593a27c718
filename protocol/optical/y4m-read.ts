/**
 * Reads a y4m stream incrementally: push chunks as they arrive (a file stream, a fetch body,
 * a whole buffer) and take out grey frames. Memory stays at one frame whatever the stream
 * holds; header lines are bounded; the frame size comes from the header, checked against the
 * pixel cap before anything is allocated.
 */
import { OpticalError } from './errors.ts';
import type { GreyImage } from './image.ts';
import { MAX_IMAGE_PIXELS } from './image.ts';
import { parseY4mHeader, Y4M_MAX_HEADER, y4mFrameBytes } from './y4m-format.ts';
import type { Y4mInfo } from './y4m-format.ts';

type State = 'stream-header' | 'frame-header' | 'frame-data';

export class Y4mReader {
  private state: State = 'stream-header';
  private line: number[] = [];
  private streamInfo: Y4mInfo | undefined;
  private frameBytes = 0;
  private luma: Uint8Array | undefined;
  private got = 0;
  private readonly maxPixels: number;

  constructor(options: { maxPixels?: number } = {}) {
    this.maxPixels = options.maxPixels ?? MAX_IMAGE_PIXELS;
  }

  /** The stream header, once it has been read. */
  get info(): Y4mInfo | undefined {
    return this.streamInfo;
  }

  /** Feeds bytes; returns the frames they complete, in order. */
  push(chunk: Uint8Array): GreyImage[] {
    const frames: GreyImage[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'frame-data') {
        i = this.takeFrameData(chunk, i, frames);
        continue;
      }
      const b = chunk[i++]!;
      if (b !== 0x0a) {
        if (this.line.length >= Y4M_MAX_HEADER) throw new OpticalError('BAD_Y4M', `y4m header line longer than ${Y4M_MAX_HEADER} bytes`);
        this.line.push(b);
        continue;
      }
      const text = String.fromCharCode(...this.line);
      this.line = [];
      if (this.state === 'stream-header') {
        this.streamInfo = parseY4mHeader(text, this.maxPixels);
        this.frameBytes = y4mFrameBytes(this.streamInfo);
        this.state = 'frame-header';
      } else {
        if (text !== 'FRAME' && !text.startsWith('FRAME ')) throw new OpticalError('BAD_Y4M', 'expected a FRAME line');
        this.state = 'frame-data';
        this.got = 0;
        this.luma = new Uint8Array(this.streamInfo!.width * this.streamInfo!.height);
      }
    }
    return frames;
  }

  /** Call at the end of the stream: refuses a stream cut inside a header or a frame. */
  finish(): void {
    if (this.state === 'stream-header') throw new OpticalError('BAD_Y4M', 'empty or truncated y4m stream (no header)');
    if (this.state === 'frame-data' || this.line.length > 0) throw new OpticalError('BAD_Y4M', 'y4m stream ends inside a frame');
  }

  private takeFrameData(chunk: Uint8Array, at: number, frames: GreyImage[]): number {
    const luma = this.luma!;
    const take = Math.min(chunk.length - at, this.frameBytes - this.got);
    // Copy the part of this chunk that falls in the luma plane; chroma is skipped.
    if (this.got < luma.length) {
      const n = Math.min(take, luma.length - this.got);
      luma.set(chunk.subarray(at, at + n), this.got);
    }
    this.got += take;
    if (this.got === this.frameBytes) {
      frames.push({ width: this.streamInfo!.width, height: this.streamInfo!.height, data: luma });
      this.luma = undefined;
      this.state = 'frame-header';
    }
    return at + take;
  }
}

/** All frames of a y4m stream already in memory (their luma is smaller than the stream). */
export function readY4m(bytes: Uint8Array, options: { maxPixels?: number } = {}): { info: Y4mInfo; frames: GreyImage[] } {
  const reader = new Y4mReader(options);
  const frames = reader.push(bytes);
  reader.finish();
  return { info: reader.info!, frames };
}
