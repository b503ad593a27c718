/** Step 2: the webcam scans the signer's answer (the shared scan step, with this page's words and assets). */
import { createScanStep, setText } from '../../../protocol/pages/index.ts';

const step = createScanStep({
  what: 'an answer',
  readText: 'Answer read; checking the signatures, assembling and verifying…',
  focusId: 'scan-back',
  workerUrl: 'scan-worker.js',
  wasmUrl: new URL('assets/zxing_reader.wasm', location.href).href,
});

/** `error` shows why the last answer was refused. */
export const scanAnswer = (error?: string, what = 'the answer'): Promise<Uint8Array> => {
  setText('scan-title', `Scan ${what} from the offline screen`);
  return step.scan(error);
};
export const stopScan = (): void => step.stop();
