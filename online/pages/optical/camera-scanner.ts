/**
 * The page side of camera scanning: opens the camera, hands its frames to the scan worker and
 * reports what the worker decodes. The page thread does no per-frame work in 'track' mode
 * (the worker pulls VideoFrames itself); 'canvas' mode, for browsers without
 * MediaStreamTrackProcessor, reads each frame back through a canvas and keeps one in flight.
 */
import type { ScannerOptions, ScanWorkerReply, ScanWorkerRequest } from '../../../protocol/optical/index.ts';

export interface ScanEvent {
  /** Frames scanned so far, and those with a code. */
  readonly frames: number;
  readonly decoded: number;
  /** Decode time of this frame in the worker, milliseconds. */
  readonly ms: number;
  readonly payload?: Uint8Array;
}

export interface CameraScannerOptions {
  /** URL of the bundled scan worker script (our own origin). */
  readonly workerUrl: string;
  /** URL of zxing_reader.wasm among our own page assets; never a CDN. */
  readonly wasmUrl: string;
  readonly onScan: (event: ScanEvent) => void;
  readonly onError?: (message: string) => void;
  /** Shows the camera (optional). */
  readonly preview?: HTMLVideoElement;
  readonly constraints?: MediaTrackConstraints;
  readonly mode?: 'auto' | 'track' | 'canvas';
  readonly scanner?: ScannerOptions;
}

export interface CameraScanner {
  readonly mode: 'track' | 'canvas';
  readonly decoder: 'zxing' | 'jsqr';
  stop(): void;
}

interface TrackProcessorCtor {
  new (init: { track: MediaStreamTrack; maxBufferSize?: number }): { readable: ReadableStream };
}

export async function startCameraScanner(options: CameraScannerOptions): Promise<CameraScanner> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: options.constraints ?? { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 }, facingMode: 'environment' },
    audio: false,
  });
  const track = stream.getVideoTracks()[0]!;
  const worker = new Worker(options.workerUrl, { type: 'module' });
  const post = (msg: ScanWorkerRequest, transfer: Transferable[] = []) => worker.postMessage(msg, transfer);
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorCtor }).MediaStreamTrackProcessor;
  const mode = options.mode === 'canvas' || (options.mode !== 'track' && Processor === undefined) ? 'canvas' : 'track';
  let frames = 0;
  let decoded = 0;
  let stopped = false;
  let nextCanvasFrame: ((buffer: ArrayBuffer | undefined) => void) | undefined;

  const ready = new Promise<'zxing' | 'jsqr'>((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<ScanWorkerReply>) => {
      const msg = event.data;
      if (msg.type === 'ready') resolve(msg.decoder);
      else if (msg.type === 'error') {
        options.onError?.(`${msg.code}: ${msg.message}`);
        reject(new Error(msg.message));
      } else if (msg.type === 'scanned') {
        frames++;
        if (msg.payload !== undefined) decoded++;
        options.onScan({ frames, decoded, ms: msg.ms, ...(msg.payload === undefined ? {} : { payload: msg.payload }) });
        nextCanvasFrame?.(msg.buffer as ArrayBuffer | undefined);
      }
    });
    worker.addEventListener('error', (e) => reject(new Error(e.message)));
  });
  post({ type: 'init', wasmUrl: options.wasmUrl, ...(options.scanner === undefined ? {} : { options: options.scanner }) });
  const decoder = await ready;

  if (options.preview !== undefined) {
    options.preview.srcObject = stream;
    options.preview.muted = true;
    await options.preview.play().catch(() => {});
  }
  if (mode === 'track') {
    const processor = new Processor!({ track, maxBufferSize: 1 });
    post({ type: 'stream', frames: processor.readable }, [processor.readable as unknown as Transferable]);
  } else {
    startCanvasLoop(stream, post, (resume) => (nextCanvasFrame = resume), () => stopped);
  }
  return {
    mode,
    decoder,
    stop() {
      stopped = true;
      post({ type: 'stop' });
      for (const t of stream.getTracks()) t.stop();
      setTimeout(() => worker.terminate(), 100);
    },
  };
}

/** Reads frames through a canvas, one in flight: the next is read when the worker answers. */
function startCanvasLoop(
  stream: MediaStream,
  post: (msg: ScanWorkerRequest, transfer: Transferable[]) => void,
  onAnswer: (resume: (buffer: ArrayBuffer | undefined) => void) => void,
  stopped: () => boolean,
): void {
  const video = document.createElement('video');
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  void video.play();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  let id = 0;
  const send = () => {
    if (stopped()) return;
    if (video.videoWidth === 0) {
      setTimeout(send, 20);
      return;
    }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    ctx.drawImage(video, 0, 0);
    const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const data = new Uint8Array(image.data.buffer);
    post({ type: 'frame', id: id++, frame: { width: image.width, height: image.height, format: 'rgba', data } }, [data.buffer]);
  };
  onAnswer(() => setTimeout(send, 0));
  send();
}
