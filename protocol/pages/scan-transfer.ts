/**
 * Scanning one whole transfer with the camera: the scan worker's payloads go to a frame decoder,
 * the page hears the progress after every camera frame, and the transfer comes back verified.
 * Both operator pages scan this way (the signer the request, the online page the response).
 */
import { FrameDecoder } from '../frames/index.ts';
import type { FrameProgress } from '../frames/index.ts';
import { startCameraScanner } from './camera-scanner.ts';
import type { CameraScanner } from './camera-scanner.ts';

export interface ScanProgress {
  /** Camera frames looked at, and those that held a code (one or several). */
  readonly cameraFrames: number;
  readonly codes: number;
  /** The frame decoder's view: fraction recovered (0..1), frames held and needed, refusals. */
  readonly frames: FrameProgress;
  /** The last refusal's code, if the last code was refused (a foreign or damaged frame). */
  readonly lastRefusal?: string;
  readonly decoder?: 'zxing' | 'jsqr';
  readonly mode?: 'track' | 'canvas';
}

export interface TransferScanOptions {
  /** The page's own scan worker script and zxing wasm (never a CDN). */
  readonly workerUrl: string;
  readonly wasmUrl: string;
  readonly preview?: HTMLVideoElement;
  readonly onProgress: (progress: ScanProgress) => void;
  /** Camera or worker failures, as text for the operator. */
  readonly onError: (message: string) => void;
  readonly mode?: 'auto' | 'track' | 'canvas';
}

export interface TransferScan {
  /** The verified transfer, once enough frames arrived. */
  readonly done: Promise<Uint8Array>;
  /** Forgets what was gathered and starts over (the operator's Escape). */
  restart(): void;
  stop(): void;
}

export function scanTransfer(options: TransferScanOptions): TransferScan {
  let decoder = new FrameDecoder();
  let scanner: CameraScanner | undefined;
  let stopped = false;
  let finish: (transfer: Uint8Array) => void = () => {};
  const done = new Promise<Uint8Array>((resolve) => (finish = resolve));
  let meta: Pick<ScanProgress, 'decoder' | 'mode'> = {};

  const stop = () => {
    stopped = true;
    scanner?.stop();
    decoder.dispose();
  };

  startCameraScanner({
    workerUrl: options.workerUrl,
    wasmUrl: options.wasmUrl,
    ...(options.preview === undefined ? {} : { preview: options.preview }),
    ...(options.mode === undefined ? {} : { mode: options.mode }),
    onError: options.onError,
    onScan(event) {
      if (stopped) return;
      let lastRefusal: string | undefined;
      for (const payload of event.payloads) {
        const pushed = decoder.push(payload);
        if (pushed.status === 'rejected' || pushed.status === 'restarted') lastRefusal = pushed.code;
        if (decoder.complete) break;
      }
      const progress: ScanProgress = { cameraFrames: event.frames, codes: event.decoded, frames: decoder.progress, ...meta, ...(lastRefusal === undefined ? {} : { lastRefusal }) };
      if (decoder.complete) {
        const transfer = decoder.result();
        options.onProgress(progress);
        stop();
        finish(transfer);
        return;
      }
      options.onProgress(progress);
    },
  }).then(
    (started) => {
      scanner = started;
      meta = { decoder: started.decoder, mode: started.mode };
      if (stopped) started.stop();
    },
    (error: unknown) => options.onError(error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
  );

  return {
    done,
    restart() {
      if (stopped) return;
      decoder.dispose();
      decoder = new FrameDecoder();
      scanner?.reset();
    },
    stop,
  };
}
