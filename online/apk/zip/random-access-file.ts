/**
 * Positional reads from a file on disk. Synchronous on purpose: one blocking read of a few
 * megabytes costs less than the promise machinery around thousands of small asynchronous ones.
 * Small reads are served from a read-ahead window, because the engine walks an archive's entries
 * in file order: thousands of headers and small entries then cost a few dozen system calls.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ApkError } from '../errors.ts';
import { borrowMegabyte, giveBackMegabyte, MEGABYTE } from './megabyte-buffers.ts';

/** The read-ahead window: a megabyte (reads up to a quarter of it are served from it). */
const WINDOW = MEGABYTE;

export class RandomAccessFile {
  readonly size: number;
  private fd: number | undefined;
  private window: Buffer | undefined;
  private windowStart = 0;
  private windowLength = 0;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
    this.size = fstatSync(fd).size;
  }

  static open(path: string): RandomAccessFile {
    try {
      return new RandomAccessFile(path, openSync(path, 'r'));
    } catch (cause) {
      throw new ApkError('IO', `cannot open ${path}: ${(cause as Error).message}`, { cause });
    }
  }

  /** Reads exactly `length` bytes at `position` into `into` (or a new buffer the caller owns). */
  readAt(position: number, length: number, into?: Buffer): Buffer {
    this.check(position, length);
    const buffer = into ?? Buffer.allocUnsafe(length);
    if (length <= WINDOW / 4) {
      this.view(position, length).copy(buffer, 0);
    } else {
      this.readInto(buffer, position, length);
    }
    return buffer.length === length ? buffer : buffer.subarray(0, length);
  }

  /**
   * A view of `length` bytes at `position`, valid only until the next read: for data used at once
   * (inflated, hashed, written). Larger than the window, it is a fresh buffer.
   */
  view(position: number, length: number): Buffer {
    this.check(position, length);
    if (length > WINDOW) return this.readInto(Buffer.allocUnsafe(length), position, length);
    if (position < this.windowStart || position + length > this.windowStart + this.windowLength || this.window === undefined) {
      this.window ??= borrowMegabyte();
      this.windowStart = position;
      this.windowLength = Math.min(WINDOW, this.size - position);
      this.readInto(this.window, position, this.windowLength);
    }
    const at = position - this.windowStart;
    return this.window.subarray(at, at + length);
  }

  private check(position: number, length: number): void {
    if (this.fd === undefined) throw new ApkError('IO', `${this.path} is closed`);
    if (position < 0 || length < 0 || position + length > this.size) {
      throw new ApkError('BAD_OFFSET', `read of ${length} bytes at ${position} is outside the file (${this.size} bytes)`);
    }
  }

  private readInto(buffer: Buffer, position: number, length: number): Buffer {
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd!, buffer, done, length - done, position + done);
      if (n === 0) throw new ApkError('IO', `${this.path} shrank while being read`);
      done += n;
    }
    return buffer;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    // Views are valid only until the next read, and nothing reads a closed file: the window is free.
    if (this.window !== undefined) giveBackMegabyte(this.window);
    this.window = undefined;
  }
}

/** Runs `body` with the file open, and closes it whatever happens. */
export async function withFile<T>(path: string, body: (file: RandomAccessFile) => T | Promise<T>): Promise<T> {
  const file = RandomAccessFile.open(path);
  try {
    return await body(file);
  } finally {
    file.close();
  }
}
