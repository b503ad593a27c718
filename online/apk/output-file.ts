/**
 * Writes an output file safely: into a temporary file next to it, synced, then renamed into place,
 * so a crash never leaves a half-written artifact under the final name. Writes are batched.
 */
import { threadId } from 'node:worker_threads';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { ApkError } from './errors.ts';

const BATCH = 1024 * 1024;

export class OutputFile {
  private readonly fd: number;
  private readonly tempPath: string;
  private readonly batch = Buffer.allocUnsafe(BATCH);
  private batched = 0;
  private written = 0;

  constructor(readonly path: string) {
    // The pid, and the thread when an engine thread writes it: two writers never share a temporary.
    this.tempPath = `${path}.partial-${process.pid}${threadId === 0 ? '' : `-${threadId}`}`;
    try {
      // Private (0600): a signed file is its owner's until it is picked up.
      this.fd = openSync(this.tempPath, 'w', 0o600);
    } catch (cause) {
      throw new ApkError('IO', `cannot create ${this.tempPath}: ${(cause as Error).message}`, { cause });
    }
  }

  /** Bytes written so far (the offset of the next byte). */
  get position(): number {
    return this.written + this.batched;
  }

  write(data: Uint8Array): void {
    if (data.length >= BATCH) {
      this.flush();
      this.writeFully(data);
      return;
    }
    if (this.batched + data.length > BATCH) this.flush();
    this.batch.set(data, this.batched);
    this.batched += data.length;
  }

  private writeFully(data: Uint8Array): void {
    for (let done = 0; done < data.length; ) done += writeSync(this.fd, data, done, data.length - done);
    this.written += data.length;
  }

  private flush(): void {
    if (this.batched === 0) return;
    const n = this.batched;
    this.batched = 0;
    this.writeFully(this.batch.subarray(0, n));
  }

  /** Flushes, syncs and moves the file into place. */
  commit(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.tempPath, this.path);
  }

  /** Gives up: the temporary file is removed. */
  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tempPath, { force: true });
  }
}
