// Worker entry for fountain.bench.ts: worker threads do not inherit `--import tsx`, so this
// plain-JavaScript file registers tsx, then runs one BC-UR trial and posts the frame count back.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runBcurTrial } = await import('./fountain-bcur-trial.ts');
parentPort.postMessage(runBcurTrial(workerData));
