// Web Worker entry (bundled by esbuild): the portable scan service on the worker's own scope.
import { serveScanWorker } from '../../../protocol/optical/index.ts';
import type { WorkerScopeLike } from '../../../protocol/optical/index.ts';

serveScanWorker(self as unknown as WorkerScopeLike);
