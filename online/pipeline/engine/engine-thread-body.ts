/**
 * The body of an engine thread: runs the CPU-heavy engine steps (prepare, assemble, our
 * verifier) for the pool in worker-pool.ts. Each message is one call; the answer carries its
 * value, or the error as plain fields (its code, and whether the operating system raised it, which
 * decides whether the pipeline blames the artifact or retries).
 */
import { parentPort } from 'node:worker_threads';
import { inProcessEngineFor, verifyOurselves } from './apk-engine.ts';
import type { EngineCall, EngineReply, ThreadError } from './thread-messages.ts';

function describe(error: unknown): ThreadError {
  let system = false;
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ('syscall' in e || 'errno' in e) system = true;
  }
  const code = (error as { code?: unknown }).code;
  return { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}), system };
}

async function run(call: EngineCall): Promise<unknown> {
  switch (call.op) {
    case 'prepare':
      return inProcessEngineFor(call.kind).prepare(...call.args);
    case 'assemble':
      return inProcessEngineFor(call.kind).assemble(...call.args);
    case 'verify':
      return verifyOurselves(call.args[0], call.args[1], call.args[2], call.args[3], call.args[4]);
  }
}

parentPort!.on('message', (call: EngineCall) => {
  run(call).then(
    (value) => parentPort!.postMessage({ id: call.id, ok: true, value } satisfies EngineReply),
    (error: unknown) => parentPort!.postMessage({ id: call.id, ok: false, error: describe(error) } satisfies EngineReply),
  );
});
