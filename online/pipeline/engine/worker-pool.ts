/**
 * A small pool of engine threads, so the digests, ZIP writing and our verification of different
 * artifacts use every core. Threads start at first use and hold the event loop only while they
 * work, so a command that is done exits. A thread that cannot start or dies fails the calls it
 * had with an error the caller takes as "run it here instead" (EngineThreadError).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineCall, EngineReply, ThreadError } from './thread-messages.ts';

type Call = EngineCall extends infer C ? (C extends EngineCall ? Omit<C, 'id'> : never) : never;

/** The thread itself failed (could not start, died): the call did not run, or not to the end. */
export class EngineThreadError extends Error {
  override readonly name = 'EngineThreadError';
}

interface Slot {
  readonly worker: Worker;
  busy: number;
}

interface Waiting {
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  readonly slot: Slot;
}

function rebuild(e: ThreadError): Error {
  const error = new Error(e.message) as Error & { code?: string; errno?: number };
  error.name = e.name;
  if (e.code !== undefined) error.code = e.code;
  // isSystemError looks for errno: an I/O failure in the thread stops the pipeline as one here would.
  if (e.system) error.errno = -1;
  return error;
}

/**
 * The prebuilt thread beside the prebuilt program (prebuilt/launch.js says where), else the
 * sources through tsx (tests, AIRSIGN_FROM_SOURCE=1).
 */
function threadEntry(): URL {
  const dir = process.env.AIRSIGN_PREBUILT_DIR;
  const built = dir === undefined ? undefined : join(dir, 'engine-thread.mjs');
  if (built !== undefined && existsSync(built)) return pathToFileURL(built);
  return new URL('./engine-thread.js', import.meta.url);
}

export class EnginePool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;

  constructor(readonly size: number) {}

  run(call: Call): Promise<unknown> {
    const slot = this.pick();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, slot });
      if (slot.busy++ === 0) slot.worker.ref();
      slot.worker.postMessage({ ...call, id });
    });
  }

  private pick(): Slot {
    const free = this.slots.find((s) => s.busy === 0);
    if (free !== undefined) return free;
    if (this.slots.length < this.size) return this.start();
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private start(): Slot {
    const worker = new Worker(threadEntry());
    const slot: Slot = { worker, busy: 0 };
    worker.unref();
    worker.on('message', (reply: EngineReply) => {
      const w = this.waiting.get(reply.id);
      if (w === undefined) return;
      this.waiting.delete(reply.id);
      if (--slot.busy === 0) worker.unref();
      if (reply.ok) w.resolve(reply.value);
      else w.reject(rebuild(reply.error));
    });
    const fail = (why: string) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      for (const [id, w] of this.waiting) {
        if (w.slot !== slot) continue;
        this.waiting.delete(id);
        w.reject(new EngineThreadError(`an engine thread ${why}`));
      }
    };
    worker.on('error', (e) => fail(`failed: ${e.message}`));
    worker.on('exit', (code) => fail(`exited (${code})`));
    this.slots.push(slot);
    return slot;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
