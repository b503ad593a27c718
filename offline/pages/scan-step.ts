/** Step 1: the camera scans the request (the shared scan step, with this page's words and assets). */
import { createScanStep } from '../../protocol/pages/index.ts';

const step = createScanStep({
  what: 'a request',
  readText: 'Request read; checking it…',
  focusId: 'scan-title',
  workerUrl: '/scan-worker.js',
  wasmUrl: '/assets/zxing_reader.wasm',
});

export const scanRequest = (): Promise<Uint8Array> => step.scan();
/** Escape on this step: drop what was gathered and read from the start again. */
export const restartScan = (): void => step.restart();
export const stopScan = (): void => step.stop();
