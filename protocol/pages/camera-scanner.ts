/**
 * The page side of camera scanning: opens the camera and hands its frames to the scan worker.
 * In 'track' mode the worker pulls VideoFrames itself (MediaStreamTrackProcessor) and the page
 * thread does no per-frame work; 'canvas' mode, for browsers without it, reads each frame back
 * through a canvas, one in flight at a time.
 */
import { ScanWorkerClient } from '../optical/index.ts';
import type { ScanEvent, ScannerOptions, WorkerLike } from '../optical/index.ts';

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
  /** Forget where the code was (another screen). */
  reset(): void;
  stop(): void;
}

type TrackProcessor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream };

export async function startCameraScanner(options: CameraScannerOptions): Promise<CameraScanner> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: options.constraints ?? { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 }, facingMode: 'environment' },
    audio: false,
  });
  const client = new ScanWorkerClient(new Worker(options.workerUrl, { type: 'module' }) as unknown as WorkerLike, options.onScan, options.onError);
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessor }).MediaStreamTrackProcessor;
  const mode = options.mode === 'canvas' || (options.mode !== 'track' && Processor === undefined) ? 'canvas' : 'track';
  let stopped = false;
  const decoder = await client.init(options.wasmUrl, options.scanner);
  if (options.preview !== undefined) {
    options.preview.srcObject = stream;
    options.preview.muted = true;
    await options.preview.play().catch(() => {});
  }
  if (mode === 'track') client.stream(new Processor!({ track: stream.getVideoTracks()[0]!, maxBufferSize: 1 }).readable);
  else void canvasLoop(stream, client, () => stopped);
  return {
    mode,
    decoder,
    reset: () => client.reset(),
    stop() {
      stopped = true;
      client.stop();
      for (const t of stream.getTracks()) t.stop();
      setTimeout(() => client.terminate(), 100);
    },
  };
}

/** Reads frames through a canvas; the next is read when the worker has answered the last. */
async function canvasLoop(stream: MediaStream, client: ScanWorkerClient, stopped: () => boolean): Promise<void> {
  const video = document.createElement('video');
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  for (let id = 0; !stopped(); id++) {
    if (video.videoWidth === 0) {
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    ctx.drawImage(video, 0, 0);
    const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    await client.scanFrame(id, { width: image.width, height: image.height, format: 'rgba', data: new Uint8Array(image.data.buffer) });
  }
}
