/**
 * The page's end of the scan worker: starts it, feeds it frames (a transferred VideoFrame stream,
 * or one frame's pixels at a time) and turns its replies into scan events. Typed by shape, so
 * both sides' pages share it and only the camera glue is theirs.
 */
import type { FramePixels } from './pixels.ts';
import type { ScannerOptions } from './scanner.ts';
import type { ScanWorkerReply, ScanWorkerRequest } from './scan-worker.ts';

export interface WorkerLike {
  postMessage(message: ScanWorkerRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: ScanWorkerReply }) => void): void;
  terminate(): void;
}

export interface ScanEvent {
  /** Frames scanned so far, and those with a code. */
  readonly frames: number;
  readonly decoded: number;
  /** Decode time of this frame in the worker, milliseconds. */
  readonly ms: number;
  /** Every code read in this frame (a displayed frame may carry several); empty when none. */
  readonly payloads: readonly Uint8Array[];
}

export class ScanWorkerClient {
  private frames = 0;
  private decoded = 0;
  private ready: ((decoder: 'zxing' | 'jsqr') => void) | undefined;
  private failed: ((error: Error) => void) | undefined;
  private answered: ((buffer: ArrayBufferLike | undefined) => void) | undefined;

  constructor(
    private readonly worker: WorkerLike,
    private readonly onScan: (event: ScanEvent) => void,
    private readonly onError: (message: string) => void = () => {},
  ) {
    worker.addEventListener('message', (event) => this.handle(event.data));
  }

  /** Loads the decoder in the worker: zxing from `wasmUrl` (our own origin), or jsQR without it. */
  init(wasmUrl: string | undefined, options?: ScannerOptions): Promise<'zxing' | 'jsqr'> {
    const started = new Promise<'zxing' | 'jsqr'>((resolve, reject) => {
      this.ready = resolve;
      this.failed = reject;
    });
    this.worker.postMessage({ type: 'init', ...(wasmUrl === undefined ? {} : { wasmUrl }), ...(options === undefined ? {} : { options }) }, []);
    return started;
  }

  /** Hands the worker a stream of VideoFrames (transferred): it pulls and scans them itself. */
  stream(frames: ReadableStream<unknown>): void {
    this.worker.postMessage({ type: 'stream', frames } as ScanWorkerRequest, [frames as unknown as Transferable]);
  }

  /** Scans one frame's pixels (their buffer is transferred); resolves with the buffer handed back. */
  scanFrame(id: number, frame: FramePixels): Promise<ArrayBufferLike | undefined> {
    const done = new Promise<ArrayBufferLike | undefined>((resolve) => (this.answered = resolve));
    this.worker.postMessage({ type: 'frame', id, frame }, [frame.data.buffer as ArrayBuffer]);
    return done;
  }

  reset(): void {
    this.worker.postMessage({ type: 'reset' }, []);
  }

  stop(): void {
    this.worker.postMessage({ type: 'stop' }, []);
  }

  terminate(): void {
    this.worker.terminate();
  }

  private handle(msg: ScanWorkerReply): void {
    switch (msg.type) {
      case 'ready':
        this.ready?.(msg.decoder);
        return;
      case 'error':
        this.onError(`${msg.code}: ${msg.message}`);
        this.failed?.(new Error(msg.message));
        return;
      case 'scanned': {
        this.frames++;
        if (msg.payloads.length > 0) this.decoded++;
        this.onScan({ frames: this.frames, decoded: this.decoded, ms: msg.ms, payloads: msg.payloads });
        const answered = this.answered;
        this.answered = undefined;
        answered?.(msg.buffer);
        return;
      }
      case 'ended':
        return;
    }
  }
}
