/**
 * A thread that keeps the token busy. The main thread hands it a batch of signatures and takes
 * each one back the moment it is made, doing its own work for that item (digests, DER, audit
 * records) while the token signs the next. The token is still used one signature at a time on
 * one session, exactly as a bare C_SignInit/C_Sign loop uses it; only the bookkeeping moves off
 * its path. The calls stay synchronous for their callers: the main thread waits on shared memory
 * (Atomics.wait), never on the event loop.
 *
 * While a batch runs, only the thread calls into the module; the main thread makes no PKCS#11
 * call until `run` returns (the module is initialized with CKF_OS_LOCKING_OK all the same).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SignerError } from '../errors.ts';
import type { Handle, Mechanism } from './cryptoki.ts';
import { rvFailure } from './errors.ts';

export interface SignJob {
  readonly mechanism: Mechanism;
  readonly key: Handle;
  /** What the token is given (the data, or its digest for CKM_ECDSA). */
  readonly input: Uint8Array;
  /** Room for the signature: the key's signature size. */
  readonly maxLength: number;
}

export interface SignFailure {
  /** Index of the job that failed; the jobs before it were signed. */
  readonly index: number;
  readonly error: SignerError;
}

// Control words; signing-thread.cjs lays them out the same way.
const STATE = 0;
const BUSY = 1;
const DONE = 2;
const CANCEL = 3;
const FAILED_AT = 4;
const FAIL_RV = 5;
const FAIL_IS_RV = 6;
const TEXT_LENGTH = 7;
const WORDS = 8;
const TEXT_BYTES = 1024;

const START_FAILED = 2;
/** Loading a module takes milliseconds; a thread not ready after this never will be. */
const START_TIMEOUT_MS = 30_000;
/** How long closing waits for a thread that is still starting. */
const CLOSE_WAIT_MS = 5_000;

export class SigningThread {
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly control: Int32Array,
    private readonly text: Uint8Array,
  ) {}

  /** Starts the thread in the background: loading the module there overlaps the caller's work. */
  static start(modulePath: string, moduleArgs?: string): SigningThread {
    const control = new Int32Array(new SharedArrayBuffer(WORDS * 4));
    const text = new Uint8Array(new SharedArrayBuffer(TEXT_BYTES));
    const addon = createRequire(import.meta.url).resolve('pkcs11js');
    const worker = new Worker(new URL('./signing-thread.cjs', import.meta.url), {
      workerData: { module: modulePath, moduleArgs: moduleArgs ?? null, addon, control: control.buffer, text: text.buffer },
      stdout: false,
      stderr: false,
    });
    worker.unref(); // an idle signing thread never keeps the process alive
    const thread = new SigningThread(worker, control, text);
    // A thread that dies before it is ready (its file missing, say) says so here, once the event
    // loop runs; `ready` also stops waiting after START_TIMEOUT_MS.
    worker.on('error', (error) => thread.startFailed(error.message));
    worker.on('exit', () => thread.startFailed('the thread exited'));
    return thread;
  }

  /**
   * Waits until the thread has loaded the module. Throws MODULE_LOAD_FAILED, with the thread's
   * reason, if it could not.
   */
  ready(): void {
    if (this.waitForStart(START_TIMEOUT_MS) === 0) this.startFailed(`it did not start within ${START_TIMEOUT_MS / 1000} s`);
    if (Atomics.load(this.control, STATE) === START_FAILED) {
      throw new SignerError('MODULE_LOAD_FAILED', `the signing thread could not load the module: ${this.failureText()}`);
    }
  }

  /**
   * Signs `jobs` in order on `session`, calling `onSigned` on this thread for each signature as
   * soon as it exists. Stops at the first failure and returns it; returns undefined when every
   * job was signed. If `onSigned` throws, the thread stops before its next job and the error
   * propagates once it has.
   */
  run(session: Handle, jobs: readonly SignJob[], onSigned: (index: number, signature: Uint8Array) => void): SignFailure | undefined {
    if (this.closed) throw new SignerError('TOKEN_ERROR', 'the signing thread was closed');
    this.ready();
    if (jobs.length === 0) return undefined;
    const stride = Math.max(...jobs.map((j) => j.maxLength));
    const lengths = new Int32Array(new SharedArrayBuffer(jobs.length * 4));
    const signatures = new Uint8Array(new SharedArrayBuffer(jobs.length * stride));
    const c = this.control;
    Atomics.store(c, DONE, 0);
    Atomics.store(c, CANCEL, 0);
    Atomics.store(c, FAILED_AT, -1);
    Atomics.store(c, BUSY, 1);
    this.worker.postMessage({
      session,
      stride,
      lengths: lengths.buffer,
      signatures: signatures.buffer,
      jobs: jobs.map((j) => ({ mechanism: j.mechanism, key: j.key, input: j.input })),
    });
    let finished = false;
    try {
      let done = 0;
      for (let i = 0; i < jobs.length; i++) {
        while (done <= i) {
          Atomics.wait(c, DONE, done);
          done = Atomics.load(c, DONE);
        }
        if (Atomics.load(c, FAILED_AT) === i) {
          finished = true;
          return { index: i, error: this.failure() };
        }
        const at = i * stride;
        onSigned(i, signatures.slice(at, at + lengths[i]!));
      }
      finished = true;
      return undefined;
    } finally {
      if (!finished) Atomics.store(c, CANCEL, 1);
      while (Atomics.load(c, BUSY) === 1) Atomics.wait(c, BUSY, 1);
    }
  }

  /** Marks a thread that never became ready as failed, with `reason`. */
  private startFailed(reason: string): void {
    if (Atomics.load(this.control, STATE) !== 0) return;
    const message = new TextEncoder().encode(reason).subarray(0, TEXT_BYTES);
    this.text.set(message);
    Atomics.store(this.control, TEXT_LENGTH, message.length);
    Atomics.store(this.control, STATE, START_FAILED);
  }

  /**
   * Stops the thread. A thread still starting is first let finish its C_Initialize (bounded by
   * CLOSE_WAIT_MS), so the caller's C_Finalize that follows is the last word on the module.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waitForStart(CLOSE_WAIT_MS);
    void this.worker.terminate();
  }

  /** Waits at most `ms` for the thread to leave its starting state; returns the state then. */
  private waitForStart(ms: number): number {
    const deadline = Date.now() + ms;
    while (Atomics.load(this.control, STATE) === 0 && Date.now() < deadline) Atomics.wait(this.control, STATE, 0, deadline - Date.now());
    return Atomics.load(this.control, STATE);
  }

  private failure(): SignerError {
    const doing = 'C_SignInit/C_Sign';
    if (Atomics.load(this.control, FAIL_IS_RV) === 1) return rvFailure(Atomics.load(this.control, FAIL_RV) >>> 0, doing);
    return new SignerError('TOKEN_ERROR', `${doing} failed: ${this.failureText()}`);
  }

  private failureText(): string {
    return new TextDecoder().decode(this.text.slice(0, Atomics.load(this.control, TEXT_LENGTH)));
  }
}
