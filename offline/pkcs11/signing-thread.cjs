/**
 * The body of the signing thread (see signing-thread.ts). Plain CommonJS, loaded by file: it
 * must run the same from a checkout and from the offline bundle, with nothing but pkcs11js.
 *
 * It shares the main thread's loaded module (one library per process) and signs each batch it
 * is sent back to back, C_SignInit then C_Sign, publishing every signature through shared
 * memory as it is made, so the token never waits for the main thread's bookkeeping.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

// Control words, in the order signing-thread.ts lays them out.
const STATE = 0; // 0 starting, 1 ready, 2 failed to start
const BUSY = 1; // 1 while a batch runs
const DONE = 2; // jobs of the current batch finished (signed, or the one that failed)
const CANCEL = 3; // set by the main thread: stop before the next job
const FAILED_AT = 4; // index of the job that failed, or -1
const FAIL_RV = 5; // its CK_RV (as 32 bits)
const FAIL_IS_RV = 6; // 1 when the failure was the module's CK_RV, 0 otherwise
const TEXT_LENGTH = 7; // bytes of the failure's text in the text area

const control = new Int32Array(workerData.control);
const text = new Uint8Array(workerData.text);

function report(index, error) {
  const isRv = error !== null && typeof error === 'object' && typeof error.code === 'number';
  const message = new TextEncoder().encode(String(error && error.message ? error.message : error)).subarray(0, text.length);
  text.set(message);
  Atomics.store(control, TEXT_LENGTH, message.length);
  Atomics.store(control, FAIL_RV, isRv ? error.code : 0);
  Atomics.store(control, FAIL_IS_RV, isRv ? 1 : 0);
  Atomics.store(control, FAILED_AT, index);
}

function finish(done) {
  Atomics.store(control, DONE, done);
  Atomics.store(control, BUSY, 0);
  Atomics.notify(control, DONE);
  Atomics.notify(control, BUSY);
}

let pkcs11;
try {
  const pkcs11js = require(workerData.addon);
  pkcs11 = new pkcs11js.PKCS11();
  pkcs11.load(workerData.module);
  // The main thread initialized the module before starting this thread, so this must answer
  // CKR_CRYPTOKI_ALREADY_INITIALIZED. If it succeeds, the signer has closed the module meanwhile:
  // give it back as it was and stop.
  let initialized = false;
  try {
    // The same arguments as the main thread's (a module with --module-args wants them every time).
    const args = { flags: pkcs11js.CKF_OS_LOCKING_OK };
    if (typeof workerData.moduleArgs === 'string') args.libraryParameters = workerData.moduleArgs;
    pkcs11.C_Initialize(args);
    initialized = true;
  } catch (error) {
    if (error.code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw error;
  }
  if (initialized) {
    pkcs11.C_Finalize();
    throw new Error('the module was closed before the signing thread started');
  }
  Atomics.store(control, STATE, 1);
} catch (error) {
  report(-1, error);
  Atomics.store(control, STATE, 2);
}
Atomics.notify(control, STATE);

const asBuffer = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

parentPort.on('message', (batch) => {
  let i = 0;
  try {
    const lengths = new Int32Array(batch.lengths);
    const signatures = new Uint8Array(batch.signatures);
    const session = asBuffer(batch.session);
    const output = Buffer.alloc(batch.stride);
    for (; i < batch.jobs.length; i++) {
      if (Atomics.load(control, CANCEL) === 1) return finish(i);
      const job = batch.jobs[i];
      pkcs11.C_SignInit(session, job.mechanism, asBuffer(job.key));
      const signature = pkcs11.C_Sign(session, asBuffer(job.input), output);
      signatures.set(signature, i * batch.stride);
      lengths[i] = signature.length;
      Atomics.store(control, DONE, i + 1);
      Atomics.notify(control, DONE);
    }
    finish(batch.jobs.length);
  } catch (error) {
    // Whatever failed (the module, or a malformed batch), the main thread hears of it here.
    report(i, error);
    finish(i + 1);
  }
});
