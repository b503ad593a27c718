// Web Worker entry of the signer page (bundled by esbuild): the portable scan service.
import { serveScanWorker } from '../../protocol/optical/index.ts';
import type { WorkerScopeLike } from '../../protocol/optical/index.ts';

serveScanWorker(self as unknown as WorkerScopeLike);
