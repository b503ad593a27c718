/**
 * Keeps the pipeline running in a long-lived process (the server): a run starts when something
 * happens (an upload, a response) and on a timer (a batch settling); runs never overlap. A run
 * that fails on a system error (disk full) is logged and retried on the next tick.
 */
import type { PipelineContext } from './context.ts';
import { runUntilIdle } from './pipeline.ts';

export interface PipelineDriver {
  /** Asks for a run soon; many kicks while one runs give one more run. */
  kick(): void;
  /** Resolves once no run is in progress or asked for. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startDriver(ctx: PipelineContext, tickMs: number): PipelineDriver {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const run = (): void => {
    if (stopped) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = runUntilIdle(ctx)
      .catch((error: unknown) => ctx.log(`pipeline stopped on an error, retrying: ${(error as Error).message}`))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, tickMs);
  timer.unref();
  run();

  return {
    kick: run,
    async idle() {
      while (running !== undefined) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running !== undefined) await running;
    },
  };
}
