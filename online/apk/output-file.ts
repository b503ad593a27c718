/**
 * Writes an output file safely through node/durable.ts: into a temporary file next to it, then on
 * commit flushed, renamed into place and its directory flushed, so a crash never leaves a
 * half-written artifact under the final name. Writes are batched.
 */
import { DurableFile } from '../../node/durable.ts';
import { ApkError } from './errors.ts';

const BATCH = 1024 * 1024;

export class OutputFile {
  private readonly file: DurableFile;
  private readonly batch = Buffer.allocUnsafe(BATCH);
  private batched = 0;
  private written = 0;

  constructor(readonly path: string) {
    try {
      // Private (0600): a signed file is its owner's until it is picked up. The temporary's name is
      // random, so two writers (processes, engine threads) never share one.
      this.file = new DurableFile(path, { mode: 0o600 });
    } catch (cause) {
      throw new ApkError('IO', `cannot create a temporary file beside ${path}: ${(cause as Error).message}`, { cause });
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
    this.file.write(data);
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
    this.file.commit();
  }

  /** Gives up: the temporary file is removed. */
  abandon(): void {
    this.file.abandon();
  }
}
