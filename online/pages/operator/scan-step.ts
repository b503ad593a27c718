/** Step 2: the webcam scans the signer's answer, with the fraction recovered on a progress bar. */
import { byId, scanTransfer, setAlert, setText, showStep } from '../../../protocol/pages/index.ts';
import type { ScanProgress, TransferScan } from '../../../protocol/pages/index.ts';

let current: TransferScan | undefined;

function describe(p: ScanProgress): string {
  const f = p.frames;
  if (f.sourceSymbols === undefined) return p.codes === 0 ? `Looking for QR codes… (${p.cameraFrames} camera frames)` : `Reading… ${p.codes} codes, none of an answer yet`;
  const refused = f.framesRejected > 0 ? `, ${f.framesRejected} refused${p.lastRefusal === undefined ? '' : ` (${p.lastRefusal})`}` : '';
  return `${Math.floor(f.fraction * 100)}% recovered: ${f.packets} of about ${f.sourceSymbols} frames${refused}`;
}

/** Scans until a whole transfer is read; resolves with it. `error` shows why the last one was refused. */
export function scanAnswer(error?: string): Promise<Uint8Array> {
  stopScan();
  const bar = byId<HTMLProgressElement>('scan-progress');
  bar.value = 0;
  setText('scan-status', 'Starting the camera…');
  setAlert('scan-error', error);
  showStep('step-scan', byId('scan-back'));
  const scan = scanTransfer({
    workerUrl: 'scan-worker.js',
    wasmUrl: new URL('assets/zxing_reader.wasm', location.href).href,
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
    setText('scan-status', 'Answer read; checking the signatures, assembling and verifying…');
    return transfer;
  });
}

export function stopScan(): void {
  current?.stop();
  current = undefined;
}
