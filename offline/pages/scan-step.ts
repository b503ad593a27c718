/** Step 1: the camera scans the request, with the fraction recovered on a progress bar. */
import { byId, scanTransfer, setAlert, setText, showStep } from '../../protocol/pages/index.ts';
import type { ScanProgress, TransferScan } from '../../protocol/pages/index.ts';

let current: TransferScan | undefined;

function describe(p: ScanProgress): string {
  const f = p.frames;
  if (f.sourceSymbols === undefined) return p.codes === 0 ? `Looking for QR codes… (${p.cameraFrames} camera frames)` : `Reading… ${p.codes} codes, none of a request yet`;
  const refused = f.framesRejected > 0 ? `, ${f.framesRejected} refused${p.lastRefusal === undefined ? '' : ` (${p.lastRefusal})`}` : '';
  return `${Math.floor(f.fraction * 100)}% recovered: ${f.packets} of about ${f.sourceSymbols} frames${refused}`;
}

/** Scans until a whole transfer is read; resolves with it. */
export function scanRequest(): Promise<Uint8Array> {
  current?.stop();
  const bar = byId<HTMLProgressElement>('scan-progress');
  bar.value = 0;
  setText('scan-status', 'Starting the camera…');
  setAlert('scan-error', undefined);
  showStep('step-scan', byId('scan-title'));
  const scan = scanTransfer({
    workerUrl: '/scan-worker.js',
    wasmUrl: '/assets/zxing_reader.wasm',
    preview: byId<HTMLVideoElement>('scan-preview'),
    onProgress(p) {
      bar.value = Math.round(p.frames.fraction * 100);
      setText('scan-status', describe(p));
    },
    onError: (message) => setAlert('scan-error', `The camera could not be used: ${message}`),
  });
  current = scan;
  return scan.done.then((transfer) => {
    if (current === scan) current = undefined;
    setText('scan-status', 'Request read; checking it…');
    return transfer;
  });
}

/** Escape on this step: drop what was gathered and read from the start again. */
export function restartScan(): void {
  current?.restart();
  byId<HTMLProgressElement>('scan-progress').value = 0;
  setText('scan-status', 'Started over: looking for QR codes…');
}

export function stopScan(): void {
  current?.stop();
  current = undefined;
}
