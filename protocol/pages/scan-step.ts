/**
 * The scan step both pages have: the camera reads a whole transfer (the request on the signer
 * page, the answer on the online page), with the fraction recovered on a progress bar and a line
 * that says what the scanner sees. Elements: #step-scan, #scan-progress, #scan-status,
 * #scan-error, #scan-preview.
 */
import { byId, setAlert, setText, showStep } from './dom.ts';
import { scanTransfer } from './scan-transfer.ts';
import type { ScanProgress, TransferScan } from './scan-transfer.ts';

export interface ScanStepOptions {
  /** What is being read, with its article: "a request", "an answer". */
  readonly what: string;
  /** The status line once the transfer is whole. */
  readonly readText: string;
  /** The element that takes focus when the step shows. */
  readonly focusId: string;
  readonly workerUrl: string;
  readonly wasmUrl: string;
}

export interface ScanStep {
  /** Scans until a whole transfer is read; resolves with it. `error` says why the last one was refused. */
  scan(error?: string): Promise<Uint8Array>;
  /** Drops what was gathered and reads from the start again. */
  restart(): void;
  stop(): void;
}

function describe(p: ScanProgress, what: string): string {
  const f = p.frames;
  if (f.sourceSymbols === undefined) return p.codes === 0 ? `Looking for QR codes… (${p.cameraFrames} camera frames)` : `Reading… ${p.codes} codes, none of ${what} yet`;
  const refused = f.framesRejected > 0 ? `, ${f.framesRejected} refused${p.lastRefusal === undefined ? '' : ` (${p.lastRefusal})`}` : '';
  return `${Math.floor(f.fraction * 100)}% recovered: ${f.packets} of about ${f.sourceSymbols} frames${refused}`;
}

export function createScanStep(options: ScanStepOptions): ScanStep {
  let current: TransferScan | undefined;
  const stop = (): void => {
    current?.stop();
    current = undefined;
  };
  return {
    scan(error?: string): Promise<Uint8Array> {
      stop();
      const bar = byId<HTMLProgressElement>('scan-progress');
      bar.value = 0;
      setText('scan-status', 'Starting the camera…');
      setAlert('scan-error', error);
      showStep('step-scan', byId(options.focusId));
      const scan = scanTransfer({
        workerUrl: options.workerUrl,
        wasmUrl: options.wasmUrl,
        preview: byId<HTMLVideoElement>('scan-preview'),
        onProgress(p) {
          bar.value = Math.round(p.frames.fraction * 100);
          setText('scan-status', describe(p, options.what));
        },
        onError: (message) => setAlert('scan-error', `The camera could not be used: ${message}`),
      });
      current = scan;
      return scan.done.then((transfer) => {
        if (current === scan) current = undefined;
        setText('scan-status', options.readText);
        return transfer;
      });
    },
    restart(): void {
      current?.restart();
      byId<HTMLProgressElement>('scan-progress').value = 0;
      setText('scan-status', 'Started over: looking for QR codes…');
    },
    stop,
  };
}
