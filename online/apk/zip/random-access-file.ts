/**
 * Positional reads from a file on disk. Synchronous on purpose: the engine reads in large
 * sequential windows, and one blocking read of a megabyte costs less than the promise machinery
 * around thousands of small asynchronous ones.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ApkError } from '../errors.ts';

export class RandomAccessFile {
  readonly size: number;
  private fd: number | undefined;

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

  /** Reads exactly `length` bytes at `position` into `into` (or a new buffer). */
  readAt(position: number, length: number, into?: Buffer): Buffer {
    if (this.fd === undefined) throw new ApkError('IO', `${this.path} is closed`);
    if (position < 0 || length < 0 || position + length > this.size) {
      throw new ApkError('BAD_OFFSET', `read of ${length} bytes at ${position} is outside the file (${this.size} bytes)`);
    }
    const buffer = into ?? Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, position + done);
      if (n === 0) throw new ApkError('IO', `${this.path} shrank while being read`);
      done += n;
    }
    return buffer.length === length ? buffer : buffer.subarray(0, length);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
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
